#include "service/poll/alert_monitor.h"

#include <spdlog/spdlog.h>

#include "service/core/time_text.h"

namespace p15 {
namespace {

PassEnd end_of(const Error& e) {
  switch (e.kind) {
    case ErrorKind::Stale:
      return PassEnd::Stale;
    case ErrorKind::NotFound:
      return PassEnd::NoData;
    case ErrorKind::Invalid:
      return PassEnd::Invalid;
    case ErrorKind::Unavailable:
      // The home clock (p15-sim) not answering is Unavailable too, and says nothing of the DB.
      return e.message.rfind("MariaDB ", 0) == 0 ? PassEnd::DatabaseDown : PassEnd::Failed;
  }
  return PassEnd::Failed;
}

bool is_refusing(int status) {
  return status == 401 || status == 402 || status == 403 || status == 412 || status == 429;
}

std::optional<TeslaRefusal> refusal(const Commander& commander, int last_status) {
  if (auto until = commander.rate_limited_until()) {
    return TeslaRefusal{429, "rate limited", until};
  }
  auto latched = commander.latched();
  if (!latched) return std::nullopt;
  // The latch keeps Tesla's words; the status it came with is the last refusing one seen. An
  // unpaired key reaches the latch as tesla-http-proxy's 500 (domain.md section 6): 0, unknown,
  // rather than a 403 Tesla never sent.
  int status = 401;
  if (!commander.unauthorized()) {
    const bool forbidding = last_status == 402 || last_status == 403 || last_status == 412;
    status = forbidding ? last_status : 0;
  }
  return TeslaRefusal{status, *latched, std::nullopt};
}

bool wake_budget_spent(const ManageResult& m, const Commander& commander) {
  if (m.plan.commands.empty() || !asleep_or_offline(m.recorded.snapshot.vehicle.state)) {
    return false;
  }
  return commander.settings().wake_before_commands && m.report.wakes == 0 &&
         !commander.wake_available();
}

}  // namespace

PassFacts pass_facts(const Result<ManageResult>& pass, TimePoint now, const Commander& commander,
                     int refusing_status) {
  PassFacts f;
  f.now = now;
  f.tesla = refusal(commander, refusing_status);
  f.wake_budget = commander.wake_budget_text();
  if (!pass.ok()) {
    f.end = end_of(pass.error());
    f.refusal = pass.error().message;
    return f;
  }
  f.end = PassEnd::Decided;
  f.powerwall = pass->recorded.snapshot.powerwall;
  f.vehicle = pass->recorded.snapshot.vehicle;
  f.wake_budget_spent = wake_budget_spent(*pass, commander);
  return f;
}

AlertMonitor::AlertMonitor(const Commander& commander, Clock& clock, Metrics& metrics,
                           NotificationQueue* queue)
    : commander_(commander), clock_(clock), metrics_(metrics), queue_(queue) {
  for (AlertKind k : alert_kinds()) metrics_.alert_active(to_string(k), false);
}

void AlertMonitor::tesla_answer(int status) {
  if (is_refusing(status)) refusing_status_.store(status);
}

void AlertMonitor::observe(const Result<ManageResult>& pass) {
  const TimePoint now = clock_.now();
  const PassFacts facts = pass_facts(pass, now, commander_, refusing_status_.load());
  AlertStep step;
  {
    std::lock_guard lock(mu_);
    step = step_alerts(state_, facts);
    state_ = step.next;
  }
  for (const Alert& a : step.started) {
    spdlog::warn("alert started: {}: {}", to_string(a.kind), a.message);
    metrics_.alert_active(to_string(a.kind), true);
    if (queue_ != nullptr) queue_->post(Notification{AlertEvent::Started, a, now});
  }
  for (const Alert& a : step.cleared) {
    spdlog::info("alert cleared: {} (since {})", to_string(a.kind), format_utc(a.since));
    metrics_.alert_active(to_string(a.kind), false);
    if (queue_ != nullptr) queue_->post(Notification{AlertEvent::Cleared, a, now});
  }
}

std::vector<Alert> AlertMonitor::active_alerts() const {
  std::lock_guard lock(mu_);
  return state_.active;
}

}  // namespace p15
