#pragma once
// Time comes from here, never from std::chrono clocks directly, so tests and the simulator own it.
// As Envoy's TimeSource: the wall clock stamps rows and measures their age; the monotonic clock,
// which never jumps when the wall clock is set, measures durations; and a Timer waits on the
// monotonic clock, so a test that owns the clock decides when every wait ends.
#include <chrono>
#include <memory>

#include "service/core/types.h"

namespace p15 {

using MonotonicTime = std::chrono::steady_clock::time_point;

// A wait that ends at a monotonic deadline or at cancel(), whichever comes first.
class Timer {
 public:
  virtual ~Timer() = default;
  // Blocks until `deadline` on the clock that made the timer: true when it came, false when
  // cancelled (at once if cancel() came first).
  virtual bool wait_until(MonotonicTime deadline) = 0;
  // Ends the wait under way and every later one until reset(); from any thread.
  virtual void cancel() = 0;
  virtual void reset() = 0;
};

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint now() const = 0;  // UTC wall clock
  virtual MonotonicTime monotonic_now() const = 0;
  // The timer waits on this clock, which must outlive it.
  virtual std::unique_ptr<Timer> make_timer() = 0;
  virtual void sleep_for(std::chrono::milliseconds d) = 0;
};

class SystemClock final : public Clock {
 public:
  TimePoint now() const override;
  MonotonicTime monotonic_now() const override;
  std::unique_ptr<Timer> make_timer() override;
  void sleep_for(std::chrono::milliseconds d) override;
};

}  // namespace p15
