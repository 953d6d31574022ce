#pragma once
// Plan mode's grid purchase: what solar and the Powerwall will not deliver by the departure is
// bought in the cheapest hours before it, and among equally cheap hours in the latest ones, so
// that the sun and the Powerwall get their chance first and the car buys only what is left.
#include "service/core/tariff.h"
#include "service/core/types.h"

namespace p15::smart {

struct GridPlan {
  bool charge_now = false;      // the current hour is one of the cheapest needed
  double hours_needed = 0;      // at full power, slack included
  double now_per_kwh = 0;       // import price now
  double cheapest_per_kwh = 0;  // the lowest import price before the departure
  bool now_cheapest = false;    // the price now ties the lowest
};

// `grid_kwh`: wall energy to buy; `max_w`: the car's full charging power. Hours are the UTC hours
// between now and the departure (partial at both ends), at most a week ahead.
GridPlan plan_grid(const Tariff& tariff, TimePoint now, TimePoint departure, double grid_kwh,
                   double max_w, Seconds slack);

// Hours in [from, to) whose import price is above `per_kwh`: when the house, if the Powerwall ran
// dry, would import at a higher price than the car's own grid energy costs.
double hours_pricier_than(const Tariff& tariff, TimePoint from, TimePoint to, double per_kwh);

}  // namespace p15::smart
