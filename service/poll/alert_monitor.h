#pragma once
// Beside the Cycle: every manage() pass, refused or not, goes through the alert rules
// (service/core/alerts.h); what starts or clears becomes one notification each, queued off the
// cycle's thread; the active alerts are read by GET /alerts and the live page. Thread-safe.
#include <atomic>
#include <mutex>
#include <vector>

#include "service/clock/clock.h"
#include "service/core/alerts.h"
#include "service/metrics/metrics.h"
#include "service/notify/notification_queue.h"
#include "service/poll/cycle.h"
#include "service/vehicle/commander.h"

namespace p15 {

// What one manage() pass saw, for the rules: how it ended, its rows, the Commander's latch,
// rate limit and wake budget. `refusing_status` is the last 401/402/403/412/429 Tesla answered.
PassFacts pass_facts(const Result<ManageResult>& pass, TimePoint now, const Commander& commander,
                     int refusing_status);

class AlertMonitor {
 public:
  // `queue` may be null: no notifications.webhook_url, the alerts are only shown.
  AlertMonitor(const Commander& commander, Clock& clock, Metrics& metrics,
               NotificationQueue* queue);

  void observe(const Result<ManageResult>& pass);
  // Every answer the Fleet client got (its billing observer): remembers a refusing status.
  void tesla_answer(int status);
  std::vector<Alert> active_alerts() const;

 private:
  const Commander& commander_;
  Clock& clock_;
  Metrics& metrics_;
  NotificationQueue* queue_;
  std::atomic<int> refusing_status_{0};
  mutable std::mutex mu_;
  AlertState state_;  // under mu_
};

}  // namespace p15
