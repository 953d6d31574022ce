#pragma once
// Time comes from here, never from std::chrono clocks directly, so tests and the simulator own it.
#include <chrono>

#include "service/core/types.h"

namespace p15 {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint now() const = 0;  // UTC wall clock
  virtual void sleep_for(std::chrono::milliseconds d) = 0;
};

class SystemClock final : public Clock {
 public:
  TimePoint now() const override;
  void sleep_for(std::chrono::milliseconds d) override;
};

}  // namespace p15
