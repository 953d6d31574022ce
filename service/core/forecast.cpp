#include "service/core/forecast.h"

#include <algorithm>
#include <cmath>

namespace p15 {

namespace {

double ewma(const std::optional<double>& avg, double sample, double alpha) {
  return avg ? *avg + alpha * (sample - *avg) : sample;
}

// Tuned on the two datasets' first months only (bench/README.md, forecasters): recency of the
// profiles, how many daylight hours tell today's weather, and how fast a departure fades.
constexpr double kSolarAlpha = 0.25;
constexpr double kHouseAlpha = 0.2;
constexpr std::size_t kSunHours = 3;
constexpr double kSolarFade = 0.9;  // per hour of lead time
constexpr double kHouseFade = 0.6;
// A daylight hour: its profile holds at least this much energy.
constexpr double kDaylightWh = 150;

}  // namespace

void MovingAverageForecaster::observe(const HourEnergy& h) {
  const auto i = static_cast<std::size_t>(h.key.local_hour % 24);
  solar_[i] = ewma(solar_[i], h.solar_wh, alpha_);
  house_[i] = ewma(house_[i], h.house_wh, alpha_);
}

std::vector<HourForecast> MovingAverageForecaster::forecast(
    const std::vector<HourKey>& next) const {
  std::vector<HourForecast> out;
  out.reserve(next.size());
  for (const HourKey& k : next) {
    const auto i = static_cast<std::size_t>(k.local_hour % 24);
    out.push_back({solar_[i].value_or(0), house_[i].value_or(0)});
  }
  return out;
}

void WeatherAwareForecaster::observe(const HourEnergy& h) {
  const auto i = static_cast<std::size_t>(h.key.local_hour % 24);
  if (solar_[i] && *solar_[i] >= kDaylightWh) {
    recent_sun_.emplace_back(h.solar_wh, *solar_[i]);
    if (recent_sun_.size() > kSunHours) recent_sun_.erase(recent_sun_.begin());
  }
  const double house_profile = house_[i].value_or(h.house_wh);
  house_anomaly_wh_ = h.house_wh - house_profile;
  solar_[i] = ewma(solar_[i], h.solar_wh, kSolarAlpha);
  house_[i] = ewma(house_[i], h.house_wh, kHouseAlpha);
  last_hour_ = h.key.start;
}

double WeatherAwareForecaster::solar_factor(int lead_hours) const {
  double measured = 0, profile = 0;
  for (const auto& [m, p] : recent_sun_) measured += m, profile += p;
  if (profile <= 0) return 1;
  const double today = std::clamp(measured / profile, 0.2, 2.0);
  return 1 + (today - 1) * std::pow(kSolarFade, std::max(0, lead_hours));
}

std::vector<HourForecast> WeatherAwareForecaster::forecast(const std::vector<HourKey>& next) const {
  std::vector<HourForecast> out;
  out.reserve(next.size());
  for (const HourKey& k : next) {
    const auto i = static_cast<std::size_t>(k.local_hour % 24);
    const int lead = last_hour_ ? static_cast<int>((k.start - *last_hour_).count() / 3600) - 1 : 0;
    const double house =
        house_[i].value_or(0) + house_anomaly_wh_ * std::pow(kHouseFade, std::max(0, lead) + 1);
    out.push_back({solar_[i].value_or(0) * solar_factor(lead), std::max(0.0, house)});
  }
  return out;
}

std::vector<std::string> forecaster_names() { return {"moving-average", "weather-aware"}; }

std::unique_ptr<Forecaster> make_forecaster(const std::string& name) {
  if (name == "moving-average") return std::make_unique<MovingAverageForecaster>();
  if (name == "weather-aware") return std::make_unique<WeatherAwareForecaster>();
  return nullptr;
}

}  // namespace p15
