#pragma once
// A clock that moves only when told (or when someone sleeps on it): the test double for Clock.
#include <atomic>

#include "service/clock/clock.h"

namespace p15 {

class ManualClock final : public Clock {
 public:
  explicit ManualClock(TimePoint start) : now_ms_(to_ms(start)) {}
  TimePoint now() const override {
    return TimePoint(std::chrono::duration_cast<Seconds>(std::chrono::milliseconds(now_ms_.load())));
  }
  void sleep_for(std::chrono::milliseconds d) override { now_ms_ += d.count(); }
  void advance(std::chrono::milliseconds d) { now_ms_ += d.count(); }
  void set(TimePoint t) { now_ms_ = to_ms(t); }

 private:
  static long long to_ms(TimePoint t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  }
  std::atomic<long long> now_ms_;
};

}  // namespace p15
