// The service's handlers on fakes of their use cases: what each endpoint answers for what the
// Cycle, the poll loop, the health checks and the charge-mode store say.
#include <cpprest/json.h>
#include <gtest/gtest.h>

#include "tests/unit/api_fakes.h"

namespace p15::api {
namespace {

using web::json::value;

const std::string kRoot = "/project_15th_street";

struct Answer {
  int status;
  value json;
};

Answer get(FakeService& fake, const std::string& path) {
  Router router;
  fake.serve(router);
  Response r = router.dispatch(Request{"GET", path, {}, "", ""});
  return {r.status, r.body.empty() ? value::null() : value::parse(r.body)};
}

// --- a refused pass is a 503 with the error's message and kind ---------------------------------

struct RefusedCase {
  const char* name;
  std::string path;
  std::function<void(FakeService&)> fail;
  std::string kind;
};

void PrintTo(const RefusedCase& c, std::ostream* os) { *os << c.name; }

class Refused : public ::testing::TestWithParam<RefusedCase> {};

TEST_P(Refused, IsA503NamingWhy) {
  FakeService fake;
  GetParam().fail(fake);
  Answer a = get(fake, kRoot + GetParam().path);
  EXPECT_EQ(a.status, 503) << a.json.serialize();
  EXPECT_EQ(a.json["error"].as_string(), "what went wrong");
  EXPECT_EQ(a.json["kind"].as_string(), GetParam().kind);
}

Error wrong(ErrorKind kind) { return Error{"what went wrong", kind}; }

INSTANTIATE_TEST_SUITE_P(
    Endpoints, Refused,
    ::testing::Values(
        RefusedCase{"battery_stale", "/battery-status",
                    [](FakeService& f) { f.battery = wrong(ErrorKind::Stale); }, "stale"},
        RefusedCase{"decision_db_down", "/set-charging-amps",
                    [](FakeService& f) { f.decision = wrong(ErrorKind::Unavailable); },
                    "unavailable"},
        RefusedCase{"manage_no_rows", "/manage-vehicle",
                    [](FakeService& f) { f.managed = wrong(ErrorKind::NotFound); }, "no_data"},
        RefusedCase{"manage_bad_row", "/manage-vehicle",
                    [](FakeService& f) { f.managed = wrong(ErrorKind::Invalid); }, "invalid"},
        RefusedCase{"savings_db_down", "/savings",
                    [](FakeService& f) { f.savings = wrong(ErrorKind::Unavailable); },
                    "unavailable"},
        RefusedCase{"charge_mode_db_down", std::string("/vehicles/") + kFakeVin + "/charge-mode",
                    [](FakeService& f) { f.stored = wrong(ErrorKind::Unavailable); },
                    "unavailable"}),
    [](const auto& info) { return std::string(info.param.name); });

// --- what the passes answer --------------------------------------------------------------------

RecordedDecision recorded() {
  Decision d;
  d.amps = 16;
  d.intent = ChargeIntent::Start;
  d.policy = "legacy";
  d.reason = "surplus";
  d.features = {{"surplus_w", 3000.0}, {"why", std::string("sun")}};
  Snapshot s;
  s.now = kFakeNow;
  return RecordedDecision{d, s, 42};
}

TEST(DecisionRoutes, ADecisionIsAnsweredWithItsFeaturesAndTime) {
  FakeService fake;
  fake.decision = recorded();
  Answer a = get(fake, kRoot + "/set-charging-amps");
  ASSERT_EQ(a.status, 200) << a.json.serialize();
  EXPECT_EQ(a.json["charging_amps"].as_integer(), 16);
  EXPECT_EQ(a.json["intent"].as_string(), "start");
  EXPECT_EQ(a.json["record_id"].as_integer(), 42);
  EXPECT_EQ(a.json["decided_at"].as_string(), "2026-05-28T20:26:40Z");
  EXPECT_EQ(a.json["features"]["surplus_w"].as_double(), 3000.0);
  EXPECT_EQ(a.json["features"]["why"].as_string(), "sun");
}

TEST(DecisionRoutes, ManageNamesThePlansActionAndEachCommand) {
  FakeService fake;
  CommandPlan plan{PlanAction::Start, {{CommandKind::SetChargingAmps, 16}}, "start at 16 A"};
  CommandReport report;
  report.attempts = {{CommandKind::SetChargingAmps, 16, Outcome::Done, 200, ""}};
  report.wakes = 1;
  report.done = true;
  report.summary = "done: set_charging_amps 16 A (after a wake-up)";
  fake.managed = ManageResult{recorded(), plan, report};
  Answer a = get(fake, kRoot + "/manage-vehicle");
  ASSERT_EQ(a.status, 200) << a.json.serialize();
  EXPECT_EQ(a.json["action"].as_string(), "start");
  EXPECT_EQ(a.json["commands"][0]["command"].as_string(), "set_charging_amps");
  EXPECT_EQ(a.json["commands"][0]["outcome"].as_string(), "done");
  EXPECT_EQ(a.json["wake_ups"].as_integer(), 1);
  EXPECT_EQ(a.json["result"].as_string(), report.summary);
}

TEST(SavingsRoute, AnswersTheTotalsAsOfNowWithTheTariff) {
  FakeService fake;
  SavingsNow s;
  s.now = kFakeNow;
  s.tariff = "pge-ev2a";
  s.zone = "America/Los_Angeles";
  s.totals.total.cycles = 3;
  s.totals.total.baseline_cost = 1.5;
  s.totals.total.cost = 0.25;
  fake.savings = s;
  Answer a = get(fake, kRoot + "/savings");
  ASSERT_EQ(a.status, 200) << a.json.serialize();
  EXPECT_EQ(a.json["as_of"].as_string(), "2026-05-28T20:26:40Z");
  EXPECT_EQ(a.json["tariff"].as_string(), "pge-ev2a");
  EXPECT_EQ(a.json["total"]["cycles"].as_integer(), 3);
  EXPECT_EQ(a.json["total"]["saving"].as_double(), 1.25);
}

// --- the poll loop -----------------------------------------------------------------------------

TEST(PollRoutes, StatusIsEmptyUntilTheLoopFirstStartsAndStartIsOnce) {
  FakeService fake;
  Router router;
  fake.serve(router);
  auto call = [&](const std::string& path) {
    Response r = router.dispatch(Request{"GET", kRoot + path, {}, "", ""});
    return Answer{r.status, r.body.empty() ? value::null() : value::parse(r.body)};
  };
  EXPECT_EQ(call("/status-poll").status, 204);
  EXPECT_EQ(call("/start-poll").json["message"].as_string(), "poll started");
  EXPECT_EQ(call("/start-poll").json["message"].as_string(), "poll already running");
  fake.poll.last_result = CycleResult::CommandFailed;
  Answer status = call("/status-poll");
  EXPECT_EQ(status.status, 200);
  EXPECT_TRUE(status.json["running"].as_bool());
  EXPECT_EQ(status.json["last_result"].as_string(), "command_failed");
  EXPECT_TRUE(call("/stop-poll").json["stopped"].as_bool());
  EXPECT_EQ(call("/stop-poll").json["message"].as_string(), "poll was not running");
}

// --- /healthcheck ------------------------------------------------------------------------------

struct HealthCase {
  const char* name;
  std::function<void(FakeService&)> set;
  int status;
  std::string problem;  // a substring of problems[0]; empty: none
};

void PrintTo(const HealthCase& c, std::ostream* os) { *os << c.name; }

class Health : public ::testing::TestWithParam<HealthCase> {};

TEST_P(Health, ListsEveryProblem) {
  FakeService fake;
  GetParam().set(fake);
  Answer a = get(fake, "/healthcheck");
  EXPECT_EQ(a.status, GetParam().status) << a.json.serialize();
  const auto& problems = a.json["problems"].as_array();
  if (GetParam().problem.empty()) {
    EXPECT_EQ(problems.size(), 0u) << a.json.serialize();
    EXPECT_EQ(a.json["status"].as_string(), "ok");
    return;
  }
  ASSERT_EQ(problems.size(), 1u) << a.json.serialize();
  EXPECT_NE(problems.at(0).as_string().find(GetParam().problem), std::string::npos)
      << a.json.serialize();
  EXPECT_EQ(a.json["status"].as_string(), "unhealthy");
}

void running_since(FakeService& f, Seconds ago) {
  f.poll.ever_started = f.poll.running = true;
  f.poll.interval = Seconds{30};
  f.poll.last_cycle_at = kFakeNow - ago;
}

INSTANTIATE_TEST_SUITE_P(
    States, Health,
    ::testing::Values(
        HealthCase{"all_well", [](FakeService&) {}, 200, ""},
        HealthCase{"database_down", [](FakeService& f) { f.db = Error{"connection refused"}; }, 503,
                   "database: connection refused"},
        HealthCase{"clock_silent", [](FakeService& f) { f.clock = Error{"no answer"}; }, 503,
                   "clock: no answer"},
        HealthCase{"latched", [](FakeService& f) { f.latched = "vehicle: token rejected (401)"; },
                   503, "token rejected"},
        HealthCase{"recent_cycle", [](FakeService& f) { running_since(f, Seconds{90}); }, 200, ""},
        HealthCase{"no_cycle_for_three_intervals",
                   [](FakeService& f) { running_since(f, Seconds{91}); }, 503,
                   "poll: no cycle in the last 90 s"},
        HealthCase{"rate_limited_is_not_unhealthy",
                   [](FakeService& f) { f.rate_limited_until = kFakeNow + Seconds{60}; }, 200, ""}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(Health, SaysUntilWhenTeslaRateLimits) {
  FakeService fake;
  fake.rate_limited_until = kFakeNow + Seconds{60};
  EXPECT_EQ(get(fake, "/healthcheck").json["tesla_rate_limited_until"].as_string(),
            "2026-05-28T20:27:40Z");
}

// --- the charge mode ---------------------------------------------------------------------------

Response put(FakeService& fake, const std::string& vin, const std::string& body,
             const std::string& content_type = "application/json") {
  Router router;
  fake.serve(router);
  Request r{"PUT", kRoot + "/vehicles/" + vin + "/charge-mode", {}, "", body, content_type};
  return router.dispatch(r);
}

TEST(ChargeModeRoutes, AnotherCarIsNotFoundAndNothingIsRead) {
  FakeService fake;
  Answer a = get(fake, kRoot + "/vehicles/5YJ3E1EA1KF999999/charge-mode");
  EXPECT_EQ(a.status, 404);
  EXPECT_EQ(a.json["kind"].as_string(), "not_found");
  EXPECT_TRUE(fake.reads.empty());
  EXPECT_EQ(put(fake, "5YJ3E1EA1KF999999", R"({"mode":"fast"})").status, 404);
  EXPECT_TRUE(fake.upserts.empty());
}

TEST(ChargeModeRoutes, NoStoredModeAnswersThePolicysDefault) {
  FakeService fake;
  Answer a = get(fake, kRoot + "/vehicles/" + kFakeVin + "/charge-mode");
  ASSERT_EQ(a.status, 200) << a.json.serialize();
  EXPECT_EQ(a.json["source"].as_string(), "default");
  EXPECT_EQ(a.json["policy"].as_string(), "legacy");
  EXPECT_TRUE(a.json["updated_at"].is_null());
  EXPECT_EQ(fake.reads, std::vector<std::string>{kFakeVin});
}

TEST(ChargeModeRoutes, APutStoresTheParsedModeStampedNow) {
  FakeService fake;
  Response r = put(fake, kFakeVin, R"({"mode":"plan","departure":"07:30","target_soc":80})");
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(fake.upserts.size(), 1u);
  EXPECT_EQ(fake.upserts[0].vin, kFakeVin);
  EXPECT_EQ(fake.upserts[0].setting.mode, ChargeMode::Plan);
  EXPECT_EQ(fake.upserts[0].setting.target_soc, 80);
  EXPECT_EQ(fake.upserts[0].updated_at, kFakeNow);
  EXPECT_EQ(value::parse(r.body)["updated_at"].as_string(), "2026-05-28T20:26:40Z");
}

TEST(ChargeModeRoutes, ABadPutIsA400AndStoresNothing) {
  FakeService fake;
  EXPECT_EQ(put(fake, kFakeVin, R"({"mode":"fast"})", "text/plain").status, 400);
  EXPECT_EQ(put(fake, kFakeVin, "{oops").status, 400);
  EXPECT_EQ(put(fake, kFakeVin, R"({"mode":"warp"})").status, 400);
  EXPECT_TRUE(fake.upserts.empty());
}

}  // namespace
}  // namespace p15::api
