#pragma once
// The home's wall clock: the `now` a policy decides on (tariff hours, the departure, its own
// timers). Normally the system clock; against p15-sim running faster than real time it is the
// simulator's clock, or a 07:00 departure would come at real 07:00 while the simulated night
// races past.
//
// Kept apart from Clock on purpose: the age of a collector row, the poll interval and the wake
// budget are real time whatever the home's clock says (p15-sim stamps its rows with real time),
// and unlike the system clock this one can fail, so it answers with a Result.
#include <memory>
#include <string>

#include "service/clock/clock.h"
#include "service/config/config.h"
#include "service/core/result.h"

namespace p15 {

class HomeClock {
 public:
  virtual ~HomeClock() = default;
  // Errors (kind Unavailable) say which clock failed and why.
  virtual Result<TimePoint> now() = 0;
  virtual std::string describe() const = 0;  // for the start-up log
};

class SystemHomeClock final : public HomeClock {
 public:
  explicit SystemHomeClock(const Clock& clock) : clock_(clock) {}
  Result<TimePoint> now() override { return clock_.now(); }
  std::string describe() const override { return "system"; }

 private:
  const Clock& clock_;
};

// clock.source: system (the given clock) or simulator (SimulatorClock on clock.simulator_url).
Result<std::unique_ptr<HomeClock>> make_home_clock(const ClockConfig& config, const Clock& system);

}  // namespace p15
