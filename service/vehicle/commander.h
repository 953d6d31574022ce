#pragma once
// Executes a CommandPlan through a VehicleClient while spending as little as possible: a wake-up
// only when a command is needed and the car answered 408, within an hourly budget; nothing at all
// while rate limited; nothing ever again after a 401 (a new token needs a restart).
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
  Seconds wake_timeout{60};    // how long the car may take to come online after a wake-up
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
  CommandReport execute(const CommandPlan& plan);

  // Latched by a 401; cleared only by a restart.
  bool unauthorized() const { return unauthorized_.load(); }
  // Set by a 429 (now + Retry-After); nullopt once passed.
  std::optional<TimePoint> rate_limited_until() const;
  int wakes_in_last_hour() const;
  const CommanderSettings& settings() const { return settings_; }

 private:
  struct Run;  // the state of one execute()

  std::optional<std::string> blocked() const;
  std::optional<std::string> run_command(const VehicleCommand& command, Run& run);
  ClientResponse send_with_retries(const VehicleCommand& command, Run& run);
  std::optional<std::string> wake_and_wait(Run& run);
  std::optional<std::string> wait_online(Run& run);
  std::optional<std::string> latch(const ClientResponse& r);
  bool take_wake_from_budget();

  VehicleClient& client_;
  Clock& clock_;
  const CommanderSettings settings_;
  std::mutex exec_mutex_;           // held for a whole execute()
  mutable std::mutex state_mutex_;  // guards the fields below; held briefly
  std::deque<TimePoint> wake_times_;
  std::optional<TimePoint> rate_limited_until_;
  std::atomic<bool> unauthorized_{false};
};

}  // namespace p15
