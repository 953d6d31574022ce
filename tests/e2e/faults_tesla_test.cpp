// Fault matrix, Tesla's side: every way the Fleet API (through tesla-http-proxy) answers badly or
// not at all, with the exact requests the fake received, the wake-ups against the budget, and what
// the user saw.
#include <gtest/gtest.h>

#include <thread>

#include "tests/e2e/fault_matrix.h"
#include "tests/e2e/fixtures.h"

namespace p15::test {
namespace {

using sim::FakeFleetServer;
using sim::FleetFaults;
using sim::Presence;
using sim::TeslaCar;
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
  std::string health_has = "vehicle: token rejected (401); commands stopped";  // when 503
  std::string row_state = "online";  // the car's state in its row
};

FleetChange car(std::function<void(TeslaCar&)> fn) {
  return [fn](FakeFleetServer& f) { f.with_car(fn); };
}
FleetChange front(std::function<void(sim::TeslaFront&)> fn) {
  return [fn](FakeFleetServer& f) { f.with_front(fn); };
}
// Asleep behind tesla-http-proxy, online `delay_s` after a wake-up (Tesla: 10-60 s; shorter here).
FleetChange asleep(double delay_s) {
  return car([delay_s](TeslaCar& c) {
    c.state.presence = Presence::Asleep;
    c.params.wake_delay_s = delay_s;
  });
}
FleetChange offline() {
  return car([](TeslaCar& c) { c.state.presence = Presence::Offline; });
}
FleetChange charging_state(ChargingState cs) {
  return car([cs](TeslaCar& c) { c.state.charging_state = cs; });
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
    db_.insert_vehicle(vehicle_json(Car{c.row_state, "Charging", 10, 10, 32, 100}),
                       utc_sql_time(-5));
    fleet_.with_car([](TeslaCar& car) { car.state.charging_state = ChargingState::Charging; });
  } else {
    // Surplus and a Stopped car under 60 miles: set_charging_amps 32, then charge_start.
    db_.insert_battery(powerwall_flat(Flows{6000, 500, -5000, -500}), utc_sql_time(-5));
    db_.insert_vehicle(vehicle_json(Car{c.row_state}), utc_sql_time(-5));
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
    EXPECT_TRUE(contains(health.body, c.health_has)) << health.body;
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

const std::string kWakeUp = "POST wake_up 200";
const std::string kPoll = "GET vehicle 200";
const std::string kRefused = "car could not execute command: ";
std::string tesla(const std::string& category, int code) {
  return "p15_tesla_requests_total{category=\"" + category + "\",code=\"" + std::to_string(code) +
         "\"}";
}

INSTANTIATE_TEST_SUITE_P(
    Matrix, TeslaFault,
    ::testing::Values(
        TeslaCase{"01_asleep_behind_proxy",
                  "car asleep, row says online: the proxy's 500 \"vehicle unavailable: vehicle "
                  "is offline or asleep\"",
                  asleep(1),
                  {},
                  false,
                  {Call{{}, 0, true, kDone + " (after a wake-up)"}},
                  {kSet + "500", kWakeUp, kPoll, kSet + "200", kStart + "200"},
                  {},
                  1,
                  200,
                  tesla("wake", 200),
                  1,
                  "vehicle asleep (500): sending wake_up",
                  "asleep read from the body: one wake-up, a state poll until online (the "
                  "wake-up answers the old state), then the commands"},
        TeslaCase{"02_offline_wake_budget",
                  "car offline (never comes online), 3 calls",
                  offline(),
                  {{"P15_VEHICLE_WAKE_TIMEOUT_S", "1"}},
                  false,
                  {Call{{}, 0, false, "car not online 1 s after wake-up (state offline)"},
                   Call{{}, 0, false, "car not online 1 s after wake-up (state offline)"},
                   Call{{}, 0, false, "wake budget exhausted (2/h, 3/day)"}},
                  {kSet + "500", kWakeUp, kPoll, kSet + "500", kWakeUp, kPoll, kSet + "500"},
                  {},
                  2,
                  200,
                  kAmpsFailures,
                  3,
                  "wake budget exhausted (2/h, 3/day)",
                  "waited vehicle.wake_timeout_s for the car each time; no charge_start after a "
                  "failed set_charging_amps; the third refusal got no wake-up"},
        TeslaCase{"03_rate_limited_429",
                  "429 `Retry in 2 seconds` (body only, as the proxy passes it)",
                  faults([] {
                    FleetFaults f;
                    f.answer_429 = 1;
                    f.retry_after_s = 2;
                    return f;
                  }()),
                  {},
                  false,
                  {Call{{}, 0, false, "rate limited until "},
                   Call{{}, 0, false, "rate limited until "}, Call{{}, 2200, true, kDone}},
                  {kSet + "429", kSet + "200", kStart + "200"},
                  {},
                  0,
                  200,
                  tesla("command", 429),
                  1,
                  "vehicle: rate limited (429) for 2 s",
                  "the wait read from the body; sent nothing until it passed (the 2nd call sent no "
                  "request), then the plan"},
        TeslaCase{
            "04_unauthorized_401",
            "401 and no way to renew the token (no vehicle.fleet_client_id)",
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
        TeslaCase{
            "10_result_false_already_set",
            "`result:false` `already_set`",
            reject_next("already_set"),
            {},
            false,
            {Call{{}, 0, true, kDone}},
            {kSet + "200", kStart + "200"},
            {"set_charging_amps done 200 " + kRefused + "already_set", "charge_start done 200"},
            0,
            200,
            kAmpsFailures,
            0,
            "manage action=start commands=2 wakes=0 done=true",
            "benign (the proxy's \"car could not execute command: ...\"): done, went on "
            "with charge_start"},
        TeslaCase{
            "11_result_false_is_charging",
            "`result:false` `is_charging` (row lags the car)",
            charging_state(ChargingState::Charging),
            {},
            false,
            {Call{{}, 0, true, kDone}},
            {kSet + "200", kStart + "200"},
            {"set_charging_amps done 200", "charge_start done 200 " + kRefused + "is_charging"},
            0,
            200,
            kStartFailures,
            0,
            "manage action=start commands=2 wakes=0 done=true",
            "benign: counted as done"},
        TeslaCase{"12_result_false_complete",
                  "`result:false` `complete` (car at its limit)",
                  charging_state(ChargingState::Complete),
                  {},
                  false,
                  {Call{{}, 0, true, kDone}},
                  {kSet + "200", kStart + "200"},
                  {"set_charging_amps done 200", "charge_start done 200 " + kRefused + "complete"},
                  0,
                  200,
                  kStartFailures,
                  0,
                  "manage action=start commands=2 wakes=0 done=true",
                  "benign: counted as done"},
        TeslaCase{"13_result_false_not_charging",
                  "`result:false` `not_charging` (stop, car stopped)",
                  charging_state(ChargingState::Stopped),
                  {},
                  true,
                  {Call{{}, 0, true, "done: charge_stop"}},
                  {"POST charge_stop 200"},
                  {"charge_stop done 200 " + kRefused + "not_charging"},
                  0,
                  200,
                  kStopCommands,
                  1,
                  "manage action=stop commands=1 wakes=0 done=true",
                  "benign: counted as done"},
        TeslaCase{
            "14_result_false_disconnected",
            "`result:false` `disconnected` (unplugged since the row)",
            charging_state(ChargingState::Disconnected),
            {},
            false,
            {Call{{}, 0, false, "charge_start: rejected (200): " + kRefused + "disconnected"}},
            {kSet + "200", kStart + "200"},
            {"set_charging_amps done 200",
             "charge_start rejected 200 " + kRefused + "disconnected"},
            0,
            200,
            kStartFailures,
            1,
            "vehicle plan start stopped: charge_start: rejected (200)",
            "a failure, not retried"},
        TeslaCase{
            "15_result_false_invalid_amps",
            "`result:false` `invalid_charging_amps` (car max 16 A, row said 32)",
            car([](TeslaCar& c) { c.params.car_max_a = 16; }),
            {},
            false,
            {Call{{},
                  0,
                  false,
                  "set_charging_amps 32 A: rejected (200): " + kRefused + "invalid_charging_amps"}},
            {kSet + "200"},
            {"set_charging_amps rejected 200 " + kRefused + "invalid_charging_amps"},
            0,
            200,
            kAmpsFailures,
            1,
            "vehicle plan start stopped: set_charging_amps 32 A: rejected (200)",
            "no charge_start after the refused amps"},
        TeslaCase{"16_row_says_asleep",
                  "car asleep and its row says so",
                  asleep(1),
                  {},
                  false,
                  {Call{{}, 0, true, kDone + " (after a wake-up)"}},
                  {kWakeUp, kPoll, kSet + "200", kStart + "200"},
                  {},
                  1,
                  200,
                  tesla("wake", 200),
                  1,
                  "vehicle asleep (row): sending wake_up",
                  "no command before the wake-up: one wake-up, wait for online, then the commands",
                  "",
                  "asleep"},
        TeslaCase{"17_never_wakes_daily_budget",
                  "car asleep in its row and offline at Tesla, 3 calls, "
                  "`vehicle.max_wakes_per_day` 2",
                  offline(),
                  {{"P15_VEHICLE_WAKE_TIMEOUT_S", "1"},
                   {"P15_VEHICLE_MAX_WAKES_PER_HOUR", "3"},
                   {"P15_VEHICLE_MAX_WAKES_PER_DAY", "2"}},
                  false,
                  {Call{{}, 0, false, "car not online 1 s after wake-up (state offline)"},
                   Call{{}, 0, false, "car not online 1 s after wake-up (state offline)"},
                   Call{{}, 0, false, "wake budget exhausted (3/h, 2/day)"}},
                  {kWakeUp, kPoll, kWakeUp, kPoll},
                  {},
                  2,
                  200,
                  tesla("wake", 200),
                  2,
                  "wanted commands skipped, wake budget (3/h, 2/day) spent",
                  "no command to a car that did not wake; the third call sent nothing and its "
                  "recorded reason says the wake budget is spent",
                  "",
                  "asleep"},
        TeslaCase{
            "18_retry_in_90_seconds",
            "429 `Retry in 90 seconds`, 3 calls within those 90 s",
            faults([] {
              FleetFaults f;
              f.answer_429 = 1;
              f.retry_after_s = 90;
              return f;
            }()),
            {},
            false,
            {Call{{}, 0, false, "rate limited until "}, Call{{}, 0, false, "rate limited until "},
             Call{{}, 1000, false, "rate limited until "}},
            {kSet + "429"},
            {},
            0,
            200,
            tesla("command", 429),
            1,
            "vehicle: rate limited (429) for 90 s",
            "exactly one refused request in the 90 s; `/healthcheck` shows "
            "tesla_rate_limited_until"},
        TeslaCase{"19_unpaired_key",
                  "virtual key not paired: the proxy's 500 \"vehicle rejected request: your "
                  "public key has not been paired with the vehicle\", 2 calls",
                  front([](sim::TeslaFront& f) { f.settings().key_paired = false; }),
                  {},
                  false,
                  {Call{{}, 0, false, "virtual key not paired with the car: pair it"},
                   Call{{}, 0, false, "virtual key not paired with the car: pair it"}},
                  {kSet + "500"},
                  {},
                  0,
                  503,
                  tesla("command", 500),
                  1,
                  "vehicle: commands stopped: virtual key not paired with the car",
                  "latched with Tesla's reason and what to do; nothing sent on the 2nd call",
                  "vehicle: virtual key not paired with the car"},
        TeslaCase{"20_missing_scope_403",
                  "403 `Unauthorized missing scopes`",
                  front([](sim::TeslaFront& f) { f.settings().commands_scope = false; }),
                  {},
                  false,
                  {Call{{}, 0, false, "HTTP 403 Unauthorized missing scopes"}},
                  {kSet + "403"},
                  {},
                  0,
                  503,
                  tesla("command", 403),
                  1,
                  "vehicle: commands stopped: HTTP 403 Unauthorized missing scopes",
                  "latched until the scope is granted and the service restarted",
                  "a scope is missing"}),
    [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace p15::test
