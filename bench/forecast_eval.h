#pragma once
// How well each forecaster predicts a dataset's next day: every hour, after it has learned the
// hours before, it forecasts the next 24; the mean absolute error is taken over every hour and
// lead time, after a warm-up. The same hours the planner's outlook sees in the replay.
#include <string>
#include <vector>

#include "bench/horizon.h"
#include "service/core/forecast.h"

namespace p15::bench {

struct ForecastError {
  std::string dataset, forecaster;
  double solar_mae_wh = 0, house_mae_wh = 0;  // per hour forecast
  long long forecasts = 0;                    // hour x lead pairs counted
};

// The horizon's measured clock hours (solar, house without the car), in the home's zone.
std::vector<HourEnergy> horizon_hours(const Horizon& h);

ForecastError evaluate_forecaster(const Horizon& h, Forecaster& f, int lead_hours = 24,
                                  int warmup_days = 14);

std::string forecast_markdown(const std::vector<ForecastError>& errors);

}  // namespace p15::bench
