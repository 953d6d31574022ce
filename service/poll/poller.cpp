#include "service/poll/poller.h"

#include <spdlog/spdlog.h>

namespace p15 {

Poller::Poller(std::function<CycleResult()> cycle, Clock& clock, Metrics& metrics, Seconds interval)
    : cycle_(std::move(cycle)),
      clock_(clock),
      metrics_(metrics),
      interval_(interval),
      timer_(clock.make_timer()) {
  status_.interval = interval;
}

Poller::~Poller() { stop(); }

bool Poller::start() {
  std::lock_guard control(control_);
  {
    std::lock_guard lock(state_);
    if (status_.running) return false;
    status_.running = true;
    status_.ever_started = true;
  }
  timer_->reset();  // the last stop() cancelled it; its loop has been joined
  thread_ = std::thread([this] { loop(); });
  metrics_.poll_running(true);
  spdlog::info("poll started interval_s={}", interval_.count());
  return true;
}

bool Poller::stop() {
  std::lock_guard control(control_);
  {
    std::lock_guard lock(state_);
    if (!status_.running) return false;
  }
  // Latched: a stop that comes during a cycle ends the wait that follows it before it begins.
  timer_->cancel();
  if (thread_.joinable()) thread_.join();
  {
    std::lock_guard lock(state_);
    status_.running = false;
  }
  metrics_.poll_running(false);
  spdlog::info("poll stopped");
  return true;
}

PollStatus Poller::status() const {
  std::lock_guard lock(state_);
  return status_;
}

CycleResult Poller::run_cycle() {
  try {
    return cycle_();
  } catch (const std::exception& e) {
    // A cycle must never take the loop down; the error is counted and logged.
    spdlog::error("cycle threw: {}", e.what());
    return CycleResult::Error;
  }
}

void Poller::loop() {
  for (;;) {
    const MonotonicTime started = clock_.monotonic_now();
    const CycleResult result = run_cycle();
    const double seconds = std::chrono::duration<double>(clock_.monotonic_now() - started).count();
    const TimePoint now = clock_.now();
    metrics_.cycle_finished(to_string(result), seconds, now);
    {
      std::lock_guard lock(state_);
      ++status_.cycles;
      status_.last_cycle_at = now;
      status_.last_result = result;
    }
    if (!timer_->wait_until(clock_.monotonic_now() + interval_)) return;
  }
}

}  // namespace p15
