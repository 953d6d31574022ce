#pragma once
// Simulated time, the test double for Clock (as Envoy's SimulatedTimeSystem): both clocks move
// only when told, or when someone sleeps on it, and a timer's wait ends when the test advances
// monotonic time past its deadline. Thread-safe: the test advances while a poll loop waits.
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <set>

#include "service/clock/clock.h"

namespace p15 {

class ManualClock final : public Clock {
 public:
  explicit ManualClock(TimePoint start);
  TimePoint now() const override;
  MonotonicTime monotonic_now() const override;
  std::unique_ptr<Timer> make_timer() override;
  // Takes no real time: the simulated time moves on by `d` instead.
  void sleep_for(std::chrono::milliseconds d) override { advance(d); }

  // Moves the wall and the monotonic clock on by `d`; returns once every timer whose deadline
  // has come has woken, so what the woken thread does next is the test's to wait for.
  void advance(std::chrono::milliseconds d);
  // Sets the wall clock only, as an NTP step does: monotonic time never goes back.
  void set(TimePoint t);
  // Blocks until `n` timers are waiting, for at most `limit` of real time (a safety net, not a
  // pause: it returns as soon as they wait); false when they did not.
  bool await_waiters(std::size_t n, std::chrono::milliseconds limit = std::chrono::seconds(10));
  std::size_t waiters() const;

 private:
  class ManualTimer;
  bool due_waiter_locked() const;

  mutable std::mutex mutex_;
  std::condition_variable changed_;  // time moved, a timer started or ended its wait
  long long wall_ms_;
  long long monotonic_ms_ = 0;
  std::multiset<long long> waiting_;  // the deadlines (monotonic ms) of the timers now waiting
};

}  // namespace p15
