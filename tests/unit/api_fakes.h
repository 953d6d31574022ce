#pragma once
// The handlers' use cases as fields a test sets: what each call answers, and what was asked.
#include <string>
#include <vector>

#include "api/event_hub.h"
#include "api/routes.h"
#include "api/use_cases.h"

namespace p15::api {

const TimePoint kFakeNow{Seconds{1'780'000'000}};  // 2026-05-28T20:26:40Z
constexpr const char* kFakeVin = "5YJ3E1EA1KF000001";

struct FakeService {
  Result<BatteryStatusReading> battery{Error{"battery_model row 7 is 400 s old", ErrorKind::Stale}};
  Result<RecordedDecision> decision{Error{"database down", ErrorKind::Unavailable}};
  Result<ManageResult> managed{Error{"no vehicle_model row", ErrorKind::NotFound}};
  Result<SavingsNow> savings{Error{"database down", ErrorKind::Unavailable}};
  Result<HomeToday> today{Error{"database down", ErrorKind::Unavailable}};
  Result<SessionList> sessions{Error{"database down", ErrorKind::Unavailable}};
  std::vector<std::optional<int>> session_limits;  // what each sessions call asked for
  Result<std::optional<StoredChargeMode>> stored{std::optional<StoredChargeMode>{}};
  Status upsert_status = ok_status();
  Status db = ok_status();
  Status clock = ok_status();
  std::optional<std::string> latched;
  std::optional<TimePoint> rate_limited_until;
  PollStatus poll;
  TimePoint now = kFakeNow;
  HomeView home;
  std::shared_ptr<EventHub> events = std::make_shared<EventHub>(std::chrono::milliseconds(0));
  std::vector<Alert> alerts;
  Result<TeslaUsageMonth> usage{Error{"MariaDB db:3306/p15: down", ErrorKind::Unavailable}};

  std::vector<std::string> reads;  // the VINs whose charge mode was read
  std::vector<StoredChargeMode> upserts;

  UseCases use_cases() {
    UseCases u;
    u.facts = {"legacy", "none", kFakeVin, ChargeModeSetting{}};
    u.decisions = {[this] { return battery; }, [this] { return decision; },
                   [this] { return managed; }};
    u.savings = {[this] { return savings; }};
    u.charge_modes = {[this](const std::string& vin) {
                        reads.push_back(vin);
                        return stored;
                      },
                      [this](const StoredChargeMode& m) {
                        upserts.push_back(m);
                        return upsert_status;
                      },
                      [this] { return now; }};
    u.poll = {[this] { return set_running(true); }, [this] { return set_running(false); },
              [this] { return poll; }};
    u.health = {[this] { return db; },      [this] { return clock; },
                [this] { return latched; }, [this] { return rate_limited_until; },
                [this] { return poll; },    [this] { return now; }};
    u.home_data = {[this] { return today; },
                   [this](std::optional<int> limit) {
                     session_limits.push_back(limit);
                     return sessions;
                   }};
    u.metrics_text = [] { return std::string("p15_poll_running 0\n"); };
    u.home = {[this] { return home; }, events};
    u.alerts = {[this] { return alerts; }, [this] { return usage; }};
    return u;
  }

  // The service's routes on `router`, answering from this fake.
  void serve(Router& router, const std::string& application_root = "/project_15th_street") {
    ServiceConfig service;
    service.application_root = application_root;
    register_routes(router, service, use_cases());
  }

 private:
  // Like the Poller: false when already in that state.
  bool set_running(bool running) {
    if (poll.running == running) return false;
    poll.running = running;
    poll.ever_started = poll.ever_started || running;
    return true;
  }
};

}  // namespace p15::api
