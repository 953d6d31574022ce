#include "service/clock/manual_clock.h"

namespace p15 {

namespace chr = std::chrono;

namespace {

long long to_ms(TimePoint t) {
  return chr::duration_cast<chr::milliseconds>(t.time_since_epoch()).count();
}

}  // namespace

// Waits on its clock's mutex and condition variable, so advance() and cancel() reach it alike.
class ManualClock::ManualTimer final : public Timer {
 public:
  explicit ManualTimer(ManualClock& clock) : clock_(clock) {}

  bool wait_until(MonotonicTime deadline) override {
    const long long at = chr::duration_cast<chr::milliseconds>(deadline.time_since_epoch()).count();
    std::unique_lock lock(clock_.mutex_);
    if (cancelled_) return false;
    const auto entry = clock_.waiting_.insert(at);
    clock_.changed_.notify_all();
    clock_.changed_.wait(lock, [&] { return cancelled_ || clock_.monotonic_ms_ >= at; });
    clock_.waiting_.erase(entry);
    clock_.changed_.notify_all();
    return !cancelled_;
  }
  void cancel() override {
    std::lock_guard lock(clock_.mutex_);
    cancelled_ = true;
    clock_.changed_.notify_all();
  }
  void reset() override {
    std::lock_guard lock(clock_.mutex_);
    cancelled_ = false;
  }

 private:
  ManualClock& clock_;
  bool cancelled_ = false;  // guarded by clock_.mutex_
};

ManualClock::ManualClock(TimePoint start) : wall_ms_(to_ms(start)) {}

TimePoint ManualClock::now() const {
  std::lock_guard lock(mutex_);
  return TimePoint(chr::duration_cast<Seconds>(chr::milliseconds(wall_ms_)));
}

MonotonicTime ManualClock::monotonic_now() const {
  std::lock_guard lock(mutex_);
  return MonotonicTime(
      chr::duration_cast<MonotonicTime::duration>(chr::milliseconds(monotonic_ms_)));
}

std::unique_ptr<Timer> ManualClock::make_timer() { return std::make_unique<ManualTimer>(*this); }

bool ManualClock::due_waiter_locked() const {
  return !waiting_.empty() && *waiting_.begin() <= monotonic_ms_;
}

void ManualClock::advance(chr::milliseconds d) {
  std::unique_lock lock(mutex_);
  wall_ms_ += d.count();
  monotonic_ms_ += d.count();
  changed_.notify_all();
  changed_.wait(lock, [this] { return !due_waiter_locked(); });
}

void ManualClock::set(TimePoint t) {
  std::lock_guard lock(mutex_);
  wall_ms_ = to_ms(t);
}

bool ManualClock::await_waiters(std::size_t n, chr::milliseconds limit) {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, limit, [&] { return waiting_.size() >= n; });
}

std::size_t ManualClock::waiters() const {
  std::lock_guard lock(mutex_);
  return waiting_.size();
}

}  // namespace p15
