#pragma once
// p15-sim's simulated time, read from its status server (GET <simulator_url>/status, field
// "simulated_time_utc") at every call: one loopback request per poll cycle keeps the service
// exactly on the simulator's clock whatever its --speed, pauses or restarts.
#include <chrono>
#include <memory>
#include <string>

#include "service/clock/home_clock.h"

namespace p15 {

class SimulatorClock final : public HomeClock {
 public:
  explicit SimulatorClock(std::string base_url,
                          std::chrono::milliseconds timeout = std::chrono::seconds(2));
  ~SimulatorClock() override;
  Result<TimePoint> now() override;
  std::string describe() const override { return "simulator " + base_url_; }

 private:
  struct Impl;
  std::string base_url_;
  std::unique_ptr<Impl> impl_;
};

// The simulated instant in a /status body; errors name the field.
Result<TimePoint> parse_simulator_status(const std::string& body);

// "YYYY-MM-DDTHH:MM:SSZ" (UTC), as p15-sim writes it.
Result<TimePoint> parse_utc_iso(const std::string& text);

}  // namespace p15
