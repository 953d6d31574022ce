#pragma once
// What the handlers may ask of the service, group by group: the few calls each needs, bound by
// the composition root (app/app.cpp) to the Cycle, the Poller and the health checks. A handler
// sees no Store and no Commander, and a test hands it fakes in a few lines.
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "service/core/alerts.h"
#include "service/core/charge_plan.h"
#include "service/core/home_view.h"
#include "service/core/tesla_usage.h"
#include "service/poll/cycle.h"
#include "service/poll/home_data.h"
#include "service/poll/poller.h"

namespace p15::api {

// GET /battery-status, /set-charging-amps and /manage-vehicle: the Cycle's three passes.
struct DecisionCalls {
  std::function<Result<BatteryStatusReading>()> battery_status;
  std::function<Result<RecordedDecision>()> decide_and_record;
  std::function<Result<ManageResult>()> manage;
};

// GET /savings.
struct SavingsCalls {
  std::function<Result<SavingsNow>()> totals_now;
};

// GET /home/today, /sessions and /sessions.csv (service/poll/home_data.h).
struct HomeDataCalls {
  std::function<Result<HomeToday>()> today;
  // Newest first; nullopt: all of them. The totals are over all of them either way.
  std::function<Result<SessionList>(std::optional<int> limit)> sessions;
};

// GET and PUT /vehicles/{vin}/charge-mode.
struct ChargeModeCalls {
  std::function<Result<std::optional<StoredChargeMode>>(const std::string& vin)> read;
  std::function<Status(const StoredChargeMode& mode)> upsert;
  std::function<TimePoint()> now;  // the updated_at of what is stored
};

// GET /start-poll, /stop-poll and /status-poll.
struct PollCalls {
  std::function<bool()> start;  // false: already running
  std::function<bool()> stop;   // false: was not running
  std::function<PollStatus()> status;
  std::function<bool()> resume_steering;  // false: the service was steering already
};

// GET /healthcheck.
struct HealthCalls {
  std::function<Status()> ping_database;
  std::function<Status()> check_clock;  // whether the home's clock answers
  // What stops every command until the owner acts, if anything; and Tesla's rate limit.
  std::function<std::optional<std::string>()> latched;
  std::function<std::optional<TimePoint>()> rate_limited_until;
  std::function<PollStatus()> poll_status;
  std::function<TimePoint()> now;  // to measure how long ago the last cycle ran
};

class EventHub;

// GET /home/state and /events: the live view, and the hub that pushes it after every cycle.
struct HomeCalls {
  std::function<HomeView()> state;  // never fails: shows what there is, stale or not
  std::shared_ptr<EventHub> events;
};

// GET /alerts and /tesla-usage (api/alert_routes.h).
struct AlertCalls {
  std::function<std::vector<Alert>()> active;            // the alert monitor's
  std::function<Result<TeslaUsageMonth>()> tesla_usage;  // this UTC month, both programs
};

// What the answers say about the service itself.
struct ServiceFacts {
  std::string policy;                     // the policy's name
  std::string vehicle_adapter;            // vehicle.adapter
  std::string vin;                        // vehicle.vin: the only car whose charge mode is served
  ChargeModeSetting default_charge_mode;  // the policy's, answered while none is stored
};

struct UseCases {
  ServiceFacts facts;
  DecisionCalls decisions;
  SavingsCalls savings;
  ChargeModeCalls charge_modes;
  PollCalls poll;
  HealthCalls health;
  HomeCalls home;
  AlertCalls alerts;
  HomeDataCalls home_data;
  std::function<std::string()> metrics_text;  // the Prometheus exposition
};

}  // namespace p15::api
