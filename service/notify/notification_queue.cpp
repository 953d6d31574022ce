#include "service/notify/notification_queue.h"

#include <spdlog/spdlog.h>

namespace p15 {

NotificationQueue::NotificationQueue(Notifier& notifier, NotificationQueueSettings settings,
                                     NotificationCounter count)
    : notifier_(notifier), settings_(settings), count_(std::move(count)) {
  worker_ = std::thread([this] { run(); });
}

NotificationQueue::~NotificationQueue() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  worker_.join();
}

void NotificationQueue::post(Notification n) {
  {
    std::lock_guard lock(mu_);
    if (queue_.size() >= settings_.capacity) {
      spdlog::warn("notification {} {} dropped: {} waiting already", to_string(n.alert.kind),
                   to_string(n.event), queue_.size());
      if (count_) count_("dropped");
      return;
    }
    queue_.push_back(std::move(n));
  }
  wake_.notify_one();
}

bool NotificationQueue::wait_idle(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  return idle_.wait_for(lock, timeout, [this] { return queue_.empty() && !busy_; });
}

bool NotificationQueue::pause(std::chrono::milliseconds d) {
  std::unique_lock lock(mu_);
  return !wake_.wait_for(lock, d, [this] { return stopping_; });
}

void NotificationQueue::run() {
  for (;;) {
    Notification n;
    {
      std::unique_lock lock(mu_);
      busy_ = false;
      idle_.notify_all();
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      n = std::move(queue_.front());
      queue_.pop_front();
      busy_ = true;
    }
    deliver(n);
  }
}

void NotificationQueue::deliver(const Notification& n) {
  const std::string what = to_string(n.alert.kind) + " " + to_string(n.event);
  auto wait = settings_.retry_pause;
  for (int attempt = 1;; ++attempt) {
    const Status st = notifier_.send(n);
    if (st.ok()) {
      spdlog::info("notification sent: {}", what);
      if (count_) count_("sent");
      return;
    }
    if (attempt >= settings_.max_attempts) {
      spdlog::warn("notification {} not sent after {} attempts: {}", what, attempt,
                   st.error().message);
      if (count_) count_("failed");
      return;
    }
    spdlog::info("notification {}: attempt {} failed ({}); again in {} ms", what, attempt,
                 st.error().message, wait.count());
    if (count_) count_("retried");
    if (!pause(wait)) return;
    wait *= 2;
  }
}

}  // namespace p15
