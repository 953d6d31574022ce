#pragma once
// Notifications off the decision cycle's thread: post() only queues; one worker sends each one
// through the Notifier, retrying a failure a bounded number of times with a growing pause. A
// full queue drops the newest (counted): a webhook down for hours must not grow memory.
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "service/notify/notifier.h"

namespace p15 {

struct NotificationQueueSettings {
  int max_attempts = 3;                         // sends per notification, the first included
  std::chrono::milliseconds retry_pause{2000};  // before the 2nd attempt, doubled after
  std::size_t capacity = 100;                   // waiting notifications
};

// Outcomes counted: "sent", "retried" (an attempt failed, another follows), "failed" (every
// attempt failed), "dropped" (the queue was full).
using NotificationCounter = std::function<void(const std::string& outcome)>;

class NotificationQueue {
 public:
  NotificationQueue(Notifier& notifier, NotificationQueueSettings settings,
                    NotificationCounter count = {});
  // Stops the worker: the one being sent finishes (within its timeout), the rest are dropped
  // unsent, as a service that stops cannot wait out a webhook that is down.
  ~NotificationQueue();
  NotificationQueue(const NotificationQueue&) = delete;
  NotificationQueue& operator=(const NotificationQueue&) = delete;

  void post(Notification n);  // never blocks on the network
  // Waits until nothing is queued or being sent (tests); false after `timeout`.
  bool wait_idle(std::chrono::milliseconds timeout);

 private:
  void run();
  void deliver(const Notification& n);
  bool pause(std::chrono::milliseconds d);  // false when stopping

  Notifier& notifier_;
  const NotificationQueueSettings settings_;
  const NotificationCounter count_;
  std::mutex mu_;
  std::condition_variable wake_;
  std::condition_variable idle_;
  std::deque<Notification> queue_;
  bool busy_ = false;
  bool stopping_ = false;
  std::thread worker_;  // last: started once the fields above exist
};

}  // namespace p15
