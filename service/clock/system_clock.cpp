#include <condition_variable>
#include <mutex>
#include <thread>

#include "service/clock/clock.h"

namespace p15 {

namespace {

class SystemTimer final : public Timer {
 public:
  bool wait_until(MonotonicTime deadline) override {
    std::unique_lock lock(mutex_);
    return !woken_.wait_until(lock, deadline, [this] { return cancelled_; });
  }
  void cancel() override {
    {
      std::lock_guard lock(mutex_);
      cancelled_ = true;
    }
    woken_.notify_all();
  }
  void reset() override {
    std::lock_guard lock(mutex_);
    cancelled_ = false;
  }

 private:
  std::mutex mutex_;
  std::condition_variable woken_;
  bool cancelled_ = false;
};

}  // namespace

TimePoint SystemClock::now() const {
  return std::chrono::time_point_cast<Seconds>(std::chrono::system_clock::now());
}

MonotonicTime SystemClock::monotonic_now() const { return std::chrono::steady_clock::now(); }

std::unique_ptr<Timer> SystemClock::make_timer() { return std::make_unique<SystemTimer>(); }

void SystemClock::sleep_for(std::chrono::milliseconds d) { std::this_thread::sleep_for(d); }

}  // namespace p15
