#pragma once
// What the collector may read from Tesla's cloud within collector.max_dollars_per_month. Pure.
//
// Prices and limits are data: tesla_prices() (service/core/tesla_pricing.cpp) for dollars, and
// Tesla's Fleet API subscription page for the energy sites' rate: "1 API request / energy site /
// 5 min" for energy device data (developer.tesla.com/docs/fleet-api/getting-started/
// subscription-plans). Energy reads are free at this time (Home Assistant's Tesla Fleet docs),
// so only the car's reads (data, $1 per 500) spend the budget.
#include "service/core/types.h"

namespace p15::collector {

inline constexpr Seconds kEnergyLiveStatusMinInterval{300};

struct BudgetInput {
  double dollars_per_month = 8;
  double dollars_per_data_request = 0.002;
  Seconds vehicle_refresh{300};  // collector.vehicle_refresh_s
  bool has_wall_connector = false;
  // Assumptions behind the split, said in docs/collector.md: the car charges at most this long
  // a day, and each of the service's command sessions asks for one follow-up read.
  double charging_hours_per_day = 6;
  double follow_up_reads_per_day = 12;
};

struct Budget {
  double data_requests_per_day = 0;  // what the dollars buy
  Seconds vehicle_refresh{300};      // widened when the budget cannot pay the setting's
  // GET /api/1/vehicles/{vin} to notice the car waking (plugged in, driven) when no Wall
  // Connector tells; with one, only when its plug state changes.
  Seconds summary_interval{3600};
  bool summary_polls = true;
};

Budget derive_budget(const BudgetInput& in);

// Pacing across the month: a billed read is allowed while what has been spent, plus its cost,
// stays within the month's budget pro rata (plus one day's share, so a busy morning is not cut).
bool may_spend(double spent_this_month, double cost, double dollars_per_month,
               double month_fraction_elapsed);

// How far through its calendar month (UTC) `t` is, 0..1.
double month_fraction(TimePoint t);

}  // namespace p15::collector
