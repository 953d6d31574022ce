// Fault matrix, Tesla's side: every way the Fleet API (through tesla-http-proxy) answers badly or
// not at all, with the exact requests the fake received, the wake-ups against the budget, and what
// the user saw.
#include <gtest/gtest.h>

#include <thread>

#include "tests/e2e/fault_matrix.h"
#include "tests/e2e/fixtures.h"

namespace p15::test {
namespace {

using sim::FakeCar;
using sim::FakeFleetServer;
using sim::FleetFaults;
using FleetChange = std::function<void(FakeFleetServer&)>;

// One GET /manage-vehicle and what its answer must say.
struct Call {
  FleetChange before;  // a change to the fake first (may be empty)
  int wait_ms = 0;     // then a pause
  bool done = false;   // the answer's "done"
  std::string result;  // a substring of its "result"
};

struct TeslaCase {
  std::string name;
  std::string fault;                       // the matrix's words
  FleetChange arm;                         // the fault, set before the service starts
  std::map<std::string, std::string> env;  // config overrides
  bool stop_scenario = false;  // rows that stop a charging car (default: start a stopped one)
  std::vector<Call> calls;
  std::vector<std::string> requests;  // every request the fake received, in order
  std::vector<std::string> attempts;  // the last answer's commands: "kind outcome http [reason]"
  int wakes = 0;
  int health = 200;
  std::string counter;  // a series and its value below
  double counter_value = 0;
  std::string log;  // a substring of one log line
  std::string did;  // what the service did, beyond the requests
};

FleetChange car(std::function<void(FakeCar&)> fn) {
  return [fn](FakeFleetServer& f) { f.with_car(fn); };
}
FleetChange faults(FleetFaults f) {
  return [f](FakeFleetServer& s) { s.set_faults(f); };
}
FleetChange reject_next(const std::string& reason) {
  FleetFaults f;
  f.reject_reason = reason;
  return faults(f);
}
FleetChange server_errors(int n, int status) {
  FleetFaults f;
  f.answer_500 = n;
  f.server_error_status = status;
  return faults(f);
}

std::vector<std::string> attempts_of(const web::json::value& answer) {
  std::vector<std::string> out;
  for (const auto& c : answer.at("commands").as_array()) {
    std::string s = c.at("command").as_string() + " " + c.at("outcome").as_string() + " " +
                    std::to_string(c.at("http_status").as_integer());
    if (!c.at("reason").as_string().empty()) s += " " + c.at("reason").as_string();
    out.push_back(s);
  }
  return out;
}

class TeslaFault : public ServiceE2E, public ::testing::WithParamInterface<TeslaCase> {};

TEST_P(TeslaFault, SendsExactlyTheseRequestsAndShowsIt) {
  const auto& c = GetParam();
  if (c.stop_scenario) {
    // No surplus and the Powerwall near its reserve: the legacy rule stops a car charging at 10 A.
    db_.insert_battery(powerwall_flat(Flows{0, 3000, 3000, 0, 2000}), utc_sql_time(-5));
    db_.insert_vehicle(vehicle_json(Car{"online", "Charging", 10, 10, 32, 100}), utc_sql_time(-5));
    fleet_.with_car([](FakeCar& car) { car.charging_state = "Charging"; });
  } else {
    // Surplus and a Stopped car under 60 miles: set_charging_amps 32, then charge_start.
    db_.insert_battery(powerwall_flat(Flows{6000, 500, -5000, -500}), utc_sql_time(-5));
    db_.insert_vehicle(vehicle_json(Car{}), utc_sql_time(-5));
  }
  if (c.arm) c.arm(fleet_);
  start_service("", true, c.env);

  web::json::value last;
  for (std::size_t i = 0; i < c.calls.size(); ++i) {
    const Call& call = c.calls[i];
    if (call.before) call.before(fleet_);
    std::this_thread::sleep_for(std::chrono::milliseconds(call.wait_ms));
    auto r = get(root() + "/manage-vehicle");
    ASSERT_EQ(r.status, 200) << "call " << i << ": " << r.body;
    last = r.json();
    EXPECT_EQ(last["done"].as_bool(), call.done) << "call " << i << ": " << r.body;
    EXPECT_TRUE(contains(last["result"].as_string(), call.result))
        << "call " << i << ": " << r.body << "\nwant: " << call.result;
  }

  // What the service did: exactly these requests, and the wake budget held.
  EXPECT_EQ(fleet_calls(fleet_.requests()), c.requests);
  if (!c.attempts.empty()) EXPECT_EQ(attempts_of(last), c.attempts) << last.serialize();
  EXPECT_EQ(fleet_.wake_ups(), c.wakes);
  EXPECT_LE(fleet_.wake_ups(), kMaxWakesPerHour);
  EXPECT_EQ(db_.query("SELECT id FROM smart_charger_model").size(), c.calls.size())
      << "every decision is recorded, whatever the car answered";

  // What the user saw.
  auto health = get("/healthcheck");
  EXPECT_EQ(health.status, c.health) << health.body;
  if (c.health == 503) {
    EXPECT_TRUE(contains(health.body, "vehicle: token rejected (401); commands stopped"))
        << health.body;
  }
  const std::string metrics = get("/metrics").body;
  EXPECT_EQ(metric_value(metrics, "p15_vehicle_wake_ups_total"), c.wakes) << metrics;
  EXPECT_EQ(metric_value(metrics, c.counter), c.counter_value) << metrics;
  const std::string log = service_->log();
  EXPECT_TRUE(contains(log, c.log)) << "no log line with: " << c.log << "\n" << log;
  auto token = c.env.find("P15_VEHICLE_FLEET_TOKEN");
  if (token != c.env.end()) {
    EXPECT_FALSE(contains(log, token->second)) << "the token is in the log";
    EXPECT_FALSE(contains(health.body + last.serialize(), token->second));
  }

  std::string did = calls_text(c.requests) + "; wake-ups " + std::to_string(c.wakes);
  if (!c.did.empty()) did += "; " + c.did;
  std::string saw = "`GET /manage-vehicle` 200";
  if (c.calls.size() > 1) saw += " (call " + std::to_string(c.calls.size()) + ")";
  saw += " " + code("done:" + std::string(c.calls.back().done ? "true" : "false")) + " " +
         code(c.calls.back().result) + "; `/healthcheck` " + std::to_string(c.health) + "; " +
         code(c.counter + " " + std::to_string(static_cast<int>(c.counter_value))) + "; log " +
         code(c.log);
  record_matrix_row("3-tesla-" + c.name, {c.fault, did, saw});
}

const std::string kAmpsFailures = "p15_vehicle_command_failures_total{kind=\"set_charging_amps\"}";
const std::string kStartFailures = "p15_vehicle_command_failures_total{kind=\"charge_start\"}";
const std::string kStopCommands = "p15_vehicle_commands_total{kind=\"charge_stop\"}";
const std::string kWakes = "p15_vehicle_wake_ups_total";
const std::string kDone = "done: set_charging_amps 32 A, charge_start";
const std::string kSet = "POST set_charging_amps ";
const std::string kStart = "POST charge_start ";

INSTANTIATE_TEST_SUITE_P(
    Matrix, TeslaFault,
    ::testing::Values(
        TeslaCase{"01_asleep_408",
                  "408: car asleep",
                  car([](FakeCar& c) { c.state = "asleep"; }),
                  {},
                  false,
                  {Call{{}, 0, true, kDone + " (after a wake-up)"}},
                  {kSet + "408", "POST wake_up 200", kSet + "200", kStart + "200"},
                  {},
                  1,
                  200,
                  kWakes,
                  1,
                  "vehicle asleep (408): sending wake_up",
                  "one wake-up because a needed command met 408, then the command again"},
        TeslaCase{"02_offline_wake_budget",
                  "408: car offline (never comes online), 3 calls",
                  car([](FakeCar& c) { c.state = "offline"; }),
                  {{"P15_VEHICLE_WAKE_TIMEOUT_S", "1"}},
                  false,
                  {Call{{}, 0, false, "car not online 1 s after wake-up (state offline)"},
                   Call{{}, 0, false, "car not online 1 s after wake-up (state offline)"},
                   Call{{}, 0, false, "wake budget exhausted (2/h, 3/day)"}},
                  {kSet + "408", "POST wake_up 200", "GET vehicle 200", kSet + "408",
                   "POST wake_up 200", "GET vehicle 200", kSet + "408"},
                  {},
                  2,
                  200,
                  kAmpsFailures,
                  3,
                  "wake budget exhausted (2/h, 3/day)",
                  "waited vehicle.wake_timeout_s for the car each time; no charge_start after a "
                  "failed set_charging_amps; the third 408 got no wake-up"},
        TeslaCase{
            "03_rate_limited_429",
            "429 with `Retry-After: 2`",
            faults([] {
              FleetFaults f;
              f.answer_429 = 1;
              f.retry_after_s = 2;
              return f;
            }()),
            {},
            false,
            {Call{{}, 0, false, "rate limited until "}, Call{{}, 0, false, "rate limited until "},
             Call{{}, 2200, true, kDone}},
            {kSet + "429", kSet + "200", kStart + "200"},
            {},
            0,
            200,
            kAmpsFailures,
            1,
            "vehicle: rate limited (429) for 2 s",
            "sent nothing to the car until Retry-After passed (the 2nd call sent no request), "
            "then the plan"},
        TeslaCase{
            "04_unauthorized_401",
            "401: token rejected",
            {},
            {{"P15_VEHICLE_FLEET_TOKEN", "expired-token-8d1f"}},
            false,
            {Call{{}, 0, false, "unauthorized: token rejected (401); fix the token and restart"},
             Call{{}, 0, false, "unauthorized: token rejected (401); fix the token and restart"}},
            {kSet + "401"},
            {},
            0,
            503,
            kAmpsFailures,
            1,
            "vehicle: unauthorized: token rejected (401); fix the token and restart",
            "latched: no request after the 401 until a restart; the token is in no log or "
            "answer"},
        TeslaCase{"05_server_error_500",
                  "500 three times in a row",
                  server_errors(3, 500),
                  {},
                  false,
                  {Call{{},
                        0,
                        false,
                        "set_charging_amps 32 A: failed after 2 retries: server_error (500): "
                        "HTTP 500: internal_error"}},
                  {kSet + "500", kSet + "500", kSet + "500"},
                  {},
                  0,
                  200,
                  kAmpsFailures,
                  3,
                  "retrying in 4000 ms",
                  "retried twice (2 s, 4 s backoff), then gave up; no charge_start"},
        TeslaCase{"06_service_unavailable_503",
                  "503 once",
                  server_errors(1, 503),
                  {},
                  false,
                  {Call{{}, 0, true, kDone}},
                  {kSet + "503", kSet + "200", kStart + "200"},
                  {},
                  0,
                  200,
                  kAmpsFailures,
                  1,
                  "server_error (503): HTTP 503: service_unavailable; retrying in 2000 ms",
                  "retried after 2 s"},
        TeslaCase{"07_device_error_540",
                  "540 (the car's own error) once",
                  server_errors(1, 540),
                  {},
                  false,
                  {Call{{}, 0, true, kDone}},
                  {kSet + "540", kSet + "200", kStart + "200"},
                  {},
                  0,
                  200,
                  kAmpsFailures,
                  1,
                  "server_error (540): HTTP 540: device_unexpected_error; retrying in 2000 ms",
                  "retried after 2 s"},
        TeslaCase{"08_connection_refused",
                  "connection refused (proxy down), then back",
                  [](FakeFleetServer& f) { f.stop_listening(); },
                  {},
                  false,
                  {Call{{}, 0, false, "set_charging_amps 32 A: unreachable: fleet request failed"},
                   Call{[](FakeFleetServer& f) { f.listen_again(); }, 0, true, kDone}},
                  {kSet + "200", kStart + "200"},
                  {},
                  0,
                  200,
                  kAmpsFailures,
                  1,
                  "vehicle plan start stopped: set_charging_amps 32 A: unreachable",
                  "no retry and no charge_start while down; the next call sent the plan"},
        TeslaCase{"09_no_answer",
                  "no answer within `vehicle.request_timeout_s` (1 s)",
                  faults([] {
                    FleetFaults f;
                    f.delay_ms = 2500;
                    return f;
                  }()),
                  {{"P15_VEHICLE_REQUEST_TIMEOUT_S", "1"}},
                  false,
                  {Call{{}, 0, false, "set_charging_amps 32 A: unreachable: fleet request failed"},
                   Call{faults(FleetFaults{}), 0, true, kDone}},
                  {kSet + "200", kSet + "200", kStart + "200"},
                  {},
                  0,
                  200,
                  kAmpsFailures,
                  1,
                  "vehicle plan start stopped: set_charging_amps 32 A: unreachable",
                  "gave up after 1 s, no charge_start; the next call re-sent the amps (the car had "
                  "applied them: a late answer is not a failed command)"},
        TeslaCase{"10_result_false_already_set",
                  "`result:false` `already_set`",
                  reject_next("already_set"),
                  {},
                  false,
                  {Call{{}, 0, true, kDone}},
                  {kSet + "200", kStart + "200"},
                  {"set_charging_amps done 200 already_set", "charge_start done 200"},
                  0,
                  200,
                  kAmpsFailures,
                  0,
                  "manage action=start commands=2 wakes=0 done=true",
                  "benign: counted as done, went on with charge_start"},
        TeslaCase{"11_result_false_is_charging",
                  "`result:false` `is_charging` (row lags the car)",
                  car([](FakeCar& c) { c.charging_state = "Charging"; }),
                  {},
                  false,
                  {Call{{}, 0, true, kDone}},
                  {kSet + "200", kStart + "200"},
                  {"set_charging_amps done 200", "charge_start done 200 is_charging"},
                  0,
                  200,
                  kStartFailures,
                  0,
                  "manage action=start commands=2 wakes=0 done=true",
                  "benign: counted as done"},
        TeslaCase{"12_result_false_complete",
                  "`result:false` `complete` (car at its limit)",
                  car([](FakeCar& c) { c.charging_state = "Complete"; }),
                  {},
                  false,
                  {Call{{}, 0, true, kDone}},
                  {kSet + "200", kStart + "200"},
                  {"set_charging_amps done 200", "charge_start done 200 complete"},
                  0,
                  200,
                  kStartFailures,
                  0,
                  "manage action=start commands=2 wakes=0 done=true",
                  "benign: counted as done"},
        TeslaCase{"13_result_false_not_charging",
                  "`result:false` `not_charging` (stop, car stopped)",
                  car([](FakeCar& c) { c.charging_state = "Stopped"; }),
                  {},
                  true,
                  {Call{{}, 0, true, "done: charge_stop"}},
                  {"POST charge_stop 200"},
                  {"charge_stop done 200 not_charging"},
                  0,
                  200,
                  kStopCommands,
                  1,
                  "manage action=stop commands=1 wakes=0 done=true",
                  "benign: counted as done"},
        TeslaCase{"14_result_false_disconnected",
                  "`result:false` `disconnected` (unplugged since "
                  "the row)",
                  car([](FakeCar& c) { c.charging_state = "Disconnected"; }),
                  {},
                  false,
                  {Call{{}, 0, false, "charge_start: rejected (200): disconnected"}},
                  {kSet + "200", kStart + "200"},
                  {"set_charging_amps done 200", "charge_start rejected 200 disconnected"},
                  0,
                  200,
                  kStartFailures,
                  1,
                  "vehicle plan start stopped: charge_start: rejected (200): disconnected",
                  "a failure, not retried"},
        TeslaCase{
            "15_result_false_invalid_amps",
            "`result:false` `invalid_charging_amps` (car "
            "max 16 A, row said 32)",
            car([](FakeCar& c) { c.charge_current_request_max = 16; }),
            {},
            false,
            {Call{{}, 0, false, "set_charging_amps 32 A: rejected (200): invalid_charging_amps"}},
            {kSet + "200"},
            {"set_charging_amps rejected 200 invalid_charging_amps"},
            0,
            200,
            kAmpsFailures,
            1,
            "vehicle plan start stopped: set_charging_amps 32 A: rejected (200): "
            "invalid_charging_amps",
            "no charge_start after the refused amps"}),
    [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace p15::test
