#include "bench/forecast_eval.h"

#include <cmath>
#include <cstdio>
#include <sstream>

#include "bench/oracle_outlook.h"
#include "service/core/outlook.h"

namespace p15::bench {

std::vector<HourEnergy> horizon_hours(const Horizon& h) {
  std::vector<HourEnergy> out;
  const TimePoint end = h.slot_time(static_cast<int>(h.slots.size()));
  for (TimePoint at = h.start; at + Seconds{3600} <= end; at += Seconds{3600}) {
    const HourForecast e = horizon_energy(h, at, at + Seconds{3600});
    out.push_back({hour_key(h.zone, at), e.solar_wh, e.house_wh});
  }
  return out;
}

ForecastError evaluate_forecaster(const Horizon& h, Forecaster& f, int lead_hours,
                                  int warmup_days) {
  ForecastError e;
  e.dataset = h.dataset;
  e.forecaster = f.name();
  const std::vector<HourEnergy> hours = horizon_hours(h);
  const std::size_t n = hours.size(), lead = static_cast<std::size_t>(lead_hours);
  double solar = 0, house = 0;
  for (std::size_t t = 0; t < n; ++t) {
    if (t >= static_cast<std::size_t>(warmup_days) * 24 && t + lead <= n) {
      std::vector<HourKey> next;
      for (std::size_t k = t; k < t + lead; ++k) next.push_back(hours[k].key);
      const std::vector<HourForecast> fc = f.forecast(next);
      for (std::size_t k = 0; k < lead; ++k) {
        solar += std::abs(fc[k].solar_wh - hours[t + k].solar_wh);
        house += std::abs(fc[k].house_wh - hours[t + k].house_wh);
        ++e.forecasts;
      }
    }
    f.observe(hours[t]);
  }
  if (e.forecasts > 0) {
    e.solar_mae_wh = solar / static_cast<double>(e.forecasts);
    e.house_mae_wh = house / static_cast<double>(e.forecasts);
  }
  return e;
}

std::string forecast_markdown(const std::vector<ForecastError>& errors) {
  std::ostringstream o;
  o << "### Forecasters: mean absolute error of the next 24 hours, Wh per hour\n\n"
    << "| dataset | forecaster | solar MAE Wh | house MAE Wh | forecasts |\n"
    << "|---|---|--:|--:|--:|\n";
  for (const ForecastError& e : errors) {
    char line[256];
    std::snprintf(line, sizeof line, "| %s | %s | %.0f | %.0f | %lld |\n", e.dataset.c_str(),
                  e.forecaster.c_str(), e.solar_mae_wh, e.house_mae_wh, e.forecasts);
    o << line;
  }
  return o.str();
}

}  // namespace p15::bench
