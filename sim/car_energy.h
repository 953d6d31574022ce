#pragma once
// Where the car's energy came from, by counterfactual: the same home step run without the car.
// The difference in export is solar the home would have exported (cheap), the difference in
// Powerwall flow is battery energy, the difference in import is grid energy (dear).
#include "sim/home_model.h"

namespace p15::sim {

struct CarEnergySplit {
  double from_solar_wh = 0;    // export forgone
  double from_battery_wh = 0;  // extra discharge, or charge forgone
  double from_grid_wh = 0;     // extra import
};

// `before` is the Powerwall state at the start of the step (not modified).
CarEnergySplit attribute_car_energy(const PowerwallParams& params, const PowerwallState& before,
                                    double solar_w, double house_load_w, double car_w, double dt_s);

}  // namespace p15::sim
