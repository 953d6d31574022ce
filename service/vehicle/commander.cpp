#include "service/vehicle/commander.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <ctime>

namespace p15 {
namespace {

constexpr const char* kUnauthorized =
    "unauthorized: token rejected (401); fix the token and restart";

std::string iso_utc(TimePoint t) {
  std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

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

int Commander::wakes_in_last_hour() const {
  std::lock_guard lock(state_mutex_);
  TimePoint since = clock_.now() - std::chrono::hours(1);
  int n = 0;
  for (TimePoint t : wake_times_) n += t > since ? 1 : 0;
  return n;
}

CommandReport Commander::execute(const CommandPlan& plan) {
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
  for (const VehicleCommand& command : plan.commands) {
    if (auto failure = run_command(command, run)) {
      // Stop here: a start after a failed set-amps could charge at the wrong current.
      run.report.summary = *failure;
      spdlog::warn("vehicle plan {} stopped: {}", plan.action, *failure);
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
  if (auto until = rate_limited_until()) return "rate limited until " + iso_utc(*until);
  return std::nullopt;
}

std::optional<std::string> Commander::run_command(const VehicleCommand& command, Run& run) {
  ClientResponse r = send_with_retries(command, run);
  if (r.outcome == Outcome::Asleep && !run.woke) {
    // The only place a wake-up is sent: a command is needed and the car answered 408.
    if (auto failure = wake_and_wait(run)) return failure;
    r = send_with_retries(command, run);  // once; a second 408 fails below
  }
  switch (r.outcome) {
    case Outcome::Done:
      return std::nullopt;
    case Outcome::RateLimited:
    case Outcome::Unauthorized:
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
    if (!unauthorized_.exchange(true)) spdlog::error("vehicle: {}", kUnauthorized);
    return kUnauthorized;
  }
  TimePoint until = clock_.now() + r.retry_after;
  {
    std::lock_guard lock(state_mutex_);
    rate_limited_until_ = until;
  }
  spdlog::warn("vehicle: rate limited (429) for {} s", r.retry_after.count());
  return "rate limited until " + iso_utc(until);
}

// Counts the wake-up before it is sent: a failed wake is billed and disturbs the car all the same.
bool Commander::take_wake_from_budget() {
  std::lock_guard lock(state_mutex_);
  TimePoint now = clock_.now();
  while (!wake_times_.empty() && wake_times_.front() <= now - std::chrono::hours(1)) {
    wake_times_.pop_front();
  }
  if (static_cast<int>(wake_times_.size()) >= settings_.max_wakes_per_hour) return false;
  wake_times_.push_back(now);
  return true;
}

std::optional<std::string> Commander::wake_and_wait(Run& run) {
  if (!take_wake_from_budget()) {
    return "wake budget exhausted (" + std::to_string(settings_.max_wakes_per_hour) + "/h)";
  }
  run.woke = true;
  ++run.report.wakes;
  spdlog::info("vehicle asleep (408): sending wake_up");
  ClientResponse w = client_.wake_up();
  if (w.outcome == Outcome::Unauthorized || w.outcome == Outcome::RateLimited) return latch(w);
  if (w.outcome != Outcome::Done) return "wake_up failed: " + describe(w);
  if (w.vehicle_state == "online") return std::nullopt;
  return wait_online(run);
}

// Polls the car's state (which does not wake it) until online or the wake timeout.
std::optional<std::string> Commander::wait_online(Run& run) {
  const std::chrono::milliseconds timeout = settings_.wake_timeout;
  const TimePoint start = clock_.now();
  std::chrono::milliseconds waited{0};
  std::string last = "no answer";
  // Both the summed sleeps and the clock bound the wait: slow polls must not stretch it.
  while (waited < timeout && clock_.now() - start < timeout) {
    auto step =
        std::clamp(settings_.wake_poll_interval, std::chrono::milliseconds(1), timeout - waited);
    clock_.sleep_for(step);
    waited += step;
    ClientResponse p = client_.poll_state();
    ++run.report.state_polls;
    if (p.outcome == Outcome::Unauthorized || p.outcome == Outcome::RateLimited) return latch(p);
    if (p.outcome == Outcome::Done && p.vehicle_state == "online") return std::nullopt;
    last = p.outcome == Outcome::Done ? "state " + p.vehicle_state : describe(p);
  }
  return "car not online " + std::to_string(settings_.wake_timeout.count()) + " s after wake-up (" +
         last + ")";
}

}  // namespace p15
