#pragma once
// Forecasts of the home's solar and house load (without the car), hour by hour, learned only
// from hours already measured: a forecaster sees an hour after it has ended (observe), so
// nothing it says can depend on the future. Pure: no clock, no I/O; the state is the learned
// profile.
#include <array>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "service/core/types.h"

namespace p15 {

// One clock hour as the home's local time names it.
struct HourKey {
  TimePoint start{};   // UTC, on the hour
  int local_hour = 0;  // 0..23
  bool weekend = false;
};

// One measured clock hour.
struct HourEnergy {
  HourKey key;
  double solar_wh = 0;
  double house_wh = 0;  // the house's load without the car
};

struct HourForecast {
  double solar_wh = 0;
  double house_wh = 0;
};

class Forecaster {
 public:
  virtual ~Forecaster() = default;
  virtual std::string name() const = 0;
  // Learns one ended hour; hours come in time order.
  virtual void observe(const HourEnergy& hour) = 0;
  // The hours in `next`, in order (the first may be the current, unfinished hour).
  virtual std::vector<HourForecast> forecast(const std::vector<HourKey>& next) const = 0;
  virtual std::unique_ptr<Forecaster> clone() const = 0;
};

// A per-hour-of-day profile with recency weighting: each hour of the day is an exponential
// moving average of that hour on the days seen (weight `alpha` on the newest day).
class MovingAverageForecaster final : public Forecaster {
 public:
  explicit MovingAverageForecaster(double alpha = 0.2) : alpha_(alpha) {}
  std::string name() const override { return "moving-average"; }
  void observe(const HourEnergy& hour) override;
  std::vector<HourForecast> forecast(const std::vector<HourKey>& next) const override;
  std::unique_ptr<Forecaster> clone() const override {
    return std::make_unique<MovingAverageForecaster>(*this);
  }

 private:
  double alpha_;
  std::array<std::optional<double>, 24> solar_{}, house_{};
};

// The moving average made to react to today: solar scaled by how today's last daylight hours
// compared with their profile (clouds persist for hours), the house's load plus the last hour's
// departure from its profile, both fading back to the profile with the lead time. (Separate
// weekday and weekend load profiles raised the error on both datasets: fewer days each.)
class WeatherAwareForecaster final : public Forecaster {
 public:
  std::string name() const override { return "weather-aware"; }
  void observe(const HourEnergy& hour) override;
  std::vector<HourForecast> forecast(const std::vector<HourKey>& next) const override;
  std::unique_ptr<Forecaster> clone() const override {
    return std::make_unique<WeatherAwareForecaster>(*this);
  }

 private:
  double solar_factor(int lead_hours) const;
  std::array<std::optional<double>, 24> solar_{};
  std::array<std::optional<double>, 24> house_{};
  // The newest daylight hours' measured / profile solar, newest last (at most 3).
  std::vector<std::pair<double, double>> recent_sun_;
  std::optional<TimePoint> last_hour_;  // the newest observed hour
  double house_anomaly_wh_ = 0;         // its house load minus the profile's
};

// Every forecaster by name: "moving-average", "weather-aware".
std::vector<std::string> forecaster_names();
std::unique_ptr<Forecaster> make_forecaster(const std::string& name);

}  // namespace p15
