#include "service/poll/poller.h"

#include <spdlog/spdlog.h>

namespace p15 {

Poller::Poller(std::function<CycleResult()> cycle, Clock& clock, Metrics& metrics, Seconds interval)
    : cycle_(std::move(cycle)), clock_(clock), metrics_(metrics), interval_(interval) {
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
    stop_requested_ = false;
  }
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
    stop_requested_ = true;
  }
  wake_.notify_all();
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

void Poller::loop() {
  for (;;) {
    auto started = std::chrono::steady_clock::now();
    CycleResult result = CycleResult::Error;
    try {
      result = cycle_();
    } catch (const std::exception& e) {
      // A cycle must never take the loop down; the error is counted and logged.
      spdlog::error("cycle threw: {}", e.what());
    }
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    TimePoint now = clock_.now();
    metrics_.cycle_finished(to_string(result), seconds, now);
    std::unique_lock lock(state_);
    ++status_.cycles;
    status_.last_cycle_at = now;
    status_.last_result = result;
    if (wake_.wait_for(lock, interval_, [this] { return stop_requested_; })) return;
  }
}

}  // namespace p15
