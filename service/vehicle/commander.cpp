#include "service/vehicle/commander.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "service/core/time_text.h"

namespace p15 {
namespace {

constexpr const char* kUnauthorized =
    "unauthorized: token rejected (401); fix the token and restart";

std::string describe(const VehicleCommand& c) {
  std::string s = to_string(c.kind);
  if (c.kind == CommandKind::SetChargingAmps) s += " " + std::to_string(c.amps) + " A";
  return s;
}

std::string describe(const ClientResponse& r) {
  std::string s = to_string(r.outcome);
  if (r.http_status != 0) s += " (" + std::to_string(r.http_status) + ")";
  if (!r.reason.empty()) s += ": " + r.reason;
  return s;
}

}  // namespace

struct Commander::Run {
  CommandReport report;
  bool woke = false;  // at most one wake-up per execution: a car that falls asleep again is odd
  std::vector<std::string> sent;  // commands that ended Done, for the summary
};

Commander::Commander(VehicleClient& client, Clock& clock, CommanderSettings settings)
    : client_(client), clock_(clock), settings_(settings) {}

std::optional<TimePoint> Commander::rate_limited_until() const {
  std::lock_guard lock(state_mutex_);
  if (rate_limited_until_ && clock_.now() < *rate_limited_until_) return rate_limited_until_;
  return std::nullopt;
}

std::optional<std::string> Commander::latched() const {
  std::lock_guard lock(state_mutex_);
  if (unauthorized_) {
    return "vehicle: token rejected (401); commands stopped" +
           (unauthorized_reason_.empty() ? "" : ": " + unauthorized_reason_);
  }
  if (forbidden_) return "vehicle: " + *forbidden_;
  return std::nullopt;
}

std::string Commander::wake_budget_text() const {
  return std::to_string(settings_.max_wakes_per_hour) + "/h, " +
         std::to_string(settings_.max_wakes_per_day) + "/day";
}

bool Commander::wake_available() const {
  std::lock_guard lock(state_mutex_);
  return budget_allows(clock_.now());
}

// Requires state_mutex_. Both windows hold: the trailing hour and the trailing 24 hours.
bool Commander::budget_allows(TimePoint now) const {
  int hour = 0, day = 0;
  for (TimePoint t : wake_times_) {
    hour += t > now - std::chrono::hours(1) ? 1 : 0;
    day += t > now - std::chrono::hours(24) ? 1 : 0;
  }
  return hour < settings_.max_wakes_per_hour && day < settings_.max_wakes_per_day;
}

CommandReport Commander::execute(const CommandPlan& plan, VehicleState row_state, bool wake_only) {
  std::lock_guard exec(exec_mutex_);
  Run run;
  if (plan.commands.empty()) {
    run.report.done = true;
    run.report.summary = "nothing to send";
    return run.report;
  }
  if (auto why = blocked()) {
    run.report.summary = *why;
    return run.report;
  }
  if (settings_.wake_before_commands && asleep_or_offline(row_state)) {
    // The row already says so: a command would only be refused (and billed) first.
    if (auto failure =
            wake_and_wait(run, "vehicle " + to_string(row_state) + " (row): sending wake_up")) {
      run.report.summary = *failure;
      spdlog::warn("vehicle plan {} not sent: {}", to_string(plan.action), *failure);
      return run.report;
    }
  }
  if (wake_only) {
    run.report.summary = run.report.wakes > 0
                             ? "woken only: the charge state is too old to compute amps from"
                             : "nothing sent: the charge state is too old to compute amps from";
    return run.report;
  }
  for (const VehicleCommand& command : plan.commands) {
    if (auto failure = run_command(command, run)) {
      // Stop here: a start after a failed set-amps could charge at the wrong current.
      run.report.summary = *failure;
      spdlog::warn("vehicle plan {} stopped: {}", to_string(plan.action), *failure);
      return run.report;
    }
    run.sent.push_back(describe(command));
  }
  run.report.done = true;
  std::string list;
  for (const auto& s : run.sent) list += (list.empty() ? "" : ", ") + s;
  run.report.summary = "done: " + list;
  if (run.report.wakes > 0) run.report.summary += " (after a wake-up)";
  return run.report;
}

// Why nothing may be sent now, if so.
std::optional<std::string> Commander::blocked() const {
  if (unauthorized_) return kUnauthorized;
  {
    std::lock_guard lock(state_mutex_);
    if (forbidden_) return *forbidden_;
  }
  if (auto until = rate_limited_until()) return "rate limited until " + format_utc(*until);
  return std::nullopt;
}

std::optional<std::string> Commander::run_command(const VehicleCommand& command, Run& run) {
  ClientResponse r = send_with_retries(command, run);
  if (r.outcome == Outcome::Asleep && !run.woke && settings_.wake_before_commands) {
    // A command is needed and Tesla says the car is asleep (408, or the proxy's 500 saying so).
    if (auto failure = wake_and_wait(
            run, "vehicle asleep (" + std::to_string(r.http_status) + "): sending wake_up")) {
      return failure;
    }
    r = send_with_retries(command, run);  // once; a second 408 fails below
  }
  switch (r.outcome) {
    case Outcome::Done:
      return std::nullopt;
    case Outcome::RateLimited:
    case Outcome::Unauthorized:
    case Outcome::Forbidden:
      return latch(r);
    case Outcome::Asleep:
      return describe(command) + ": car still asleep after a wake-up: " + describe(r);
    case Outcome::ServerError:
      return describe(command) + ": failed after " +
             std::to_string(settings_.server_error_retries) + " retries: " + describe(r);
    case Outcome::Rejected:
    case Outcome::Unreachable:
      return describe(command) + ": " + describe(r);
  }
  return describe(command) + ": " + describe(r);
}

ClientResponse Commander::send_with_retries(const VehicleCommand& command, Run& run) {
  auto backoff = settings_.server_error_backoff;
  for (int attempt = 0;; ++attempt) {
    ClientResponse r = client_.send(command);
    run.report.attempts.push_back(
        CommandAttempt{command.kind, command.amps, r.outcome, r.http_status, r.reason});
    if (r.outcome != Outcome::ServerError || attempt >= settings_.server_error_retries) return r;
    spdlog::info("vehicle {}: {}; retrying in {} ms", describe(command), describe(r),
                 backoff.count());
    clock_.sleep_for(backoff);
    backoff *= 2;
  }
}

// Records what a 401 or a 429 means for every later execution, and says it.
std::optional<std::string> Commander::latch(const ClientResponse& r) {
  if (r.outcome == Outcome::Unauthorized) {
    {
      std::lock_guard lock(state_mutex_);
      if (!unauthorized_) unauthorized_reason_ = r.reason;
    }
    if (!unauthorized_.exchange(true)) spdlog::error("vehicle: {} ({})", kUnauthorized, r.reason);
    return kUnauthorized;
  }
  if (r.outcome == Outcome::Forbidden) {
    std::lock_guard lock(state_mutex_);
    if (!forbidden_) spdlog::error("vehicle: commands stopped: {}", r.reason);
    forbidden_ = r.reason;
    return r.reason;
  }
  TimePoint until = clock_.now() + r.retry_after;
  {
    std::lock_guard lock(state_mutex_);
    rate_limited_until_ = until;
  }
  spdlog::warn("vehicle: rate limited (429) for {} s", r.retry_after.count());
  return "rate limited until " + format_utc(until);
}

// Counts the wake-up before it is sent: a failed wake is billed and disturbs the car all the same.
bool Commander::take_wake_from_budget() {
  std::lock_guard lock(state_mutex_);
  TimePoint now = clock_.now();
  while (!wake_times_.empty() && wake_times_.front() <= now - std::chrono::hours(24)) {
    wake_times_.pop_front();
  }
  if (!budget_allows(now)) return false;
  wake_times_.push_back(now);
  return true;
}

std::optional<std::string> Commander::wake_and_wait(Run& run, const std::string& why) {
  if (!take_wake_from_budget()) return "wake budget exhausted (" + wake_budget_text() + ")";
  run.woke = true;
  ++run.report.wakes;
  spdlog::info("{}", why);
  ClientResponse w = client_.wake_up();
  if (w.outcome == Outcome::Unauthorized || w.outcome == Outcome::RateLimited ||
      w.outcome == Outcome::Forbidden) {
    return latch(w);
  }
  if (w.outcome != Outcome::Done) return "wake_up failed: " + describe(w);
  if (w.vehicle_state == VehicleState::Online) return std::nullopt;
  return wait_online(run);
}

// Polls the car's state (which does not wake it) until online or the wake timeout.
std::optional<std::string> Commander::wait_online(Run& run) {
  const std::chrono::milliseconds timeout = settings_.wake_timeout;
  const MonotonicTime start = clock_.monotonic_now();
  std::chrono::milliseconds waited{0};
  std::string last = "no answer";
  // Both the summed sleeps and the monotonic clock bound the wait: slow polls must not stretch
  // it, and a wall clock stepped back must not either.
  while (waited < timeout && clock_.monotonic_now() - start < timeout) {
    auto step =
        std::clamp(settings_.wake_poll_interval, std::chrono::milliseconds(1), timeout - waited);
    clock_.sleep_for(step);
    waited += step;
    ClientResponse p = client_.poll_state();
    ++run.report.state_polls;
    if (p.outcome == Outcome::Unauthorized || p.outcome == Outcome::RateLimited ||
        p.outcome == Outcome::Forbidden) {
      return latch(p);
    }
    if (p.outcome == Outcome::Done && p.vehicle_state == VehicleState::Online) return std::nullopt;
    last = p.outcome == Outcome::Done ? "state " + to_string(p.vehicle_state) : describe(p);
  }
  return "car not online " + std::to_string(settings_.wake_timeout.count()) + " s after wake-up (" +
         last + ")";
}

}  // namespace p15
