#pragma once
// Executes a CommandPlan through a VehicleClient while spending as little as possible: a wake-up
// only when a command is needed and the car is asleep (its row says so, or Tesla answered so),
// within an hourly and a daily budget; nothing at all while rate limited; nothing again after a
// 401 the client could not renew, an unpaired key, a 403, 402 or 412 (the owner must act).
#include <atomic>
#include <chrono>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "service/clock/clock.h"
#include "service/core/types.h"
#include "service/vehicle/vehicle_client.h"

namespace p15 {

struct CommanderSettings {
  int max_wakes_per_hour = 3;  // trailing hour; Tesla allows ~3 a minute but bills each
  int max_wakes_per_day = 3;   // trailing 24 hours: each wake costs $0.02 and standby energy
  // false with a BLE proxy: its commands wake the car themselves, free of charge.
  bool wake_before_commands = true;
  Seconds wake_timeout{60};  // how long the car may take to come online after a wake-up
  std::chrono::milliseconds wake_poll_interval{5000};    // between state polls while waiting
  int server_error_retries = 2;                          // extra sends after a 5xx
  std::chrono::milliseconds server_error_backoff{2000};  // doubled per retry: 2 s, 4 s
};

// One command request and how it ended (retries and the re-send after a wake included).
struct CommandAttempt {
  CommandKind kind = CommandKind::SetChargingAmps;
  int amps = 0;  // only for SetChargingAmps
  Outcome outcome = Outcome::Done;
  int http_status = 0;
  std::string reason;
};

struct CommandReport {
  std::vector<CommandAttempt> attempts;  // command requests only, in order
  int wakes = 0;                         // wake_up requests sent
  int state_polls = 0;                   // poll_state requests while waiting for the car
  bool done = false;                     // every command ended Done (true for an empty plan)
  std::string summary;                   // one line for logs and the API
};

class Commander {
 public:
  Commander(VehicleClient& client, Clock& clock, CommanderSettings settings = {});

  // One execution at a time (the poll loop and an HTTP request may call concurrently).
  // `row_state` is the car's state in its newest row: asleep or offline, and the car is woken
  // (once, within budget) before the first command rather than after a refused one.
  // `wake_only`: the plan was judged on an asleep car's last known charge state, too old to
  // compute amps from: the car is woken (as above) and nothing else is sent; the next cycle
  // decides on the charge state the collector reads once it is online.
  CommandReport execute(const CommandPlan& plan, VehicleState row_state = VehicleState::Online,
                        bool wake_only = false);

  // Latched by a 401 the client could not renew; cleared only by a restart.
  bool unauthorized() const { return unauthorized_.load(); }
  // What stops all commands until the owner acts (and restarts), for /healthcheck.
  std::optional<std::string> latched() const;
  // Whether a wake-up could be sent now without exceeding a budget.
  bool wake_available() const;
  std::string wake_budget_text() const;  // "3/h, 3/day"
  // Set by a 429 (now + Retry-After); nullopt once passed.
  std::optional<TimePoint> rate_limited_until() const;
  const CommanderSettings& settings() const { return settings_; }

 private:
  struct Run;  // the state of one execute()

  std::optional<std::string> blocked() const;
  std::optional<std::string> run_command(const VehicleCommand& command, Run& run);
  ClientResponse send_with_retries(const VehicleCommand& command, Run& run);
  std::optional<std::string> wake_and_wait(Run& run, const std::string& why);
  std::optional<std::string> wait_online(Run& run);
  std::optional<std::string> latch(const ClientResponse& r);
  bool take_wake_from_budget();
  bool budget_allows(TimePoint now) const;

  VehicleClient& client_;
  Clock& clock_;
  const CommanderSettings settings_;
  std::mutex exec_mutex_;           // held for a whole execute()
  mutable std::mutex state_mutex_;  // guards the fields below; held briefly
  std::deque<TimePoint> wake_times_;
  std::optional<TimePoint> rate_limited_until_;
  std::atomic<bool> unauthorized_{false};
  std::optional<std::string> forbidden_;  // Tesla's reason and what to fix
  std::string unauthorized_reason_;       // why the 401 could not be renewed
};

}  // namespace p15
