// FleetClient against the real FakeFleetServer over loopback HTTP: the exact requests the car's
// API receives, each answer's Outcome, and the Commander end to end (one wake-up, then commands).
#include "service/vehicle/fleet_client.h"

#include <cpprest/http_client.h>
#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <sstream>
#include <thread>

#include "service/clock/clock.h"
#include "service/clock/manual_clock.h"
#include "service/vehicle/commander.h"
#include "sim/fake_fleet.h"
#include "tests/support/log_capture.h"
#include "tests/support/service_process.h"

namespace p15 {
namespace {

using namespace std::chrono_literals;

constexpr const char* kToken = "fleet-test-token-0123456789";
constexpr const char* kVin = "5YJ3E1EA1KF000001";

std::string vehicle_path(const std::string& tail = "") {
  return std::string("/api/1/vehicles/") + kVin + tail;
}

// "METHOD last-path-segment STATUS", the shape the request-log assertions read best in.
std::vector<std::string> traffic(const std::vector<sim::FleetRequest>& reqs) {
  std::vector<std::string> out;
  for (const auto& r : reqs) {
    out.push_back(r.method + " " + r.path.substr(r.path.rfind('/') + 1) + " " +
                  std::to_string(r.status));
  }
  return out;
}

class FleetClientTest : public ::testing::Test {
 protected:
  FleetClient client(const std::string& token = kToken, std::chrono::milliseconds t = 3s) {
    return FleetClient(FleetClientOptions{fake_.base_url(), kVin, token, t});
  }
  static VehicleCommand amps(int a) { return {CommandKind::SetChargingAmps, a}; }
  static VehicleCommand start() { return {CommandKind::ChargeStart, 0}; }
  static VehicleCommand stop() { return {CommandKind::ChargeStop, 0}; }

  sim::FakeFleetServer fake_{kToken};
};

TEST_F(FleetClientTest, SetChargingAmpsSendsTheExactRequest) {
  auto r = client().send(amps(24));
  EXPECT_EQ(r.outcome, Outcome::Done) << r.reason;
  EXPECT_EQ(r.http_status, 200);
  auto reqs = fake_.requests();
  ASSERT_EQ(reqs.size(), 1u);
  EXPECT_EQ(reqs[0].method, "POST");
  EXPECT_EQ(reqs[0].path, vehicle_path("/command/set_charging_amps"));
  EXPECT_EQ(reqs[0].body, R"({"charging_amps":24})");
  EXPECT_EQ(reqs[0].authorization, std::string("Bearer ") + kToken);
  EXPECT_EQ(reqs[0].content_type.rfind("application/json", 0), 0u) << reqs[0].content_type;
  EXPECT_EQ(fake_.car().state.charge_current_request, 24);
  EXPECT_EQ(fake_.commands(), 1);
}

TEST_F(FleetClientTest, StartAndStopChangeOnlyTheChargingState) {
  auto c = client();
  EXPECT_EQ(c.send(start()).outcome, Outcome::Done);
  EXPECT_EQ(fake_.car().state.charging_state, ChargingState::Charging);
  EXPECT_EQ(fake_.car().state.charger_actual_current, 0) << "nobody stepped the car";
  EXPECT_EQ(c.send(stop()).outcome, Outcome::Done);
  EXPECT_EQ(fake_.car().state.charging_state, ChargingState::Stopped);
  EXPECT_EQ(traffic(fake_.requests()),
            (std::vector<std::string>{"POST charge_start 200", "POST charge_stop 200"}));
}

TEST_F(FleetClientTest, AsleepCarIsA500BehindTheProxyAndPollingDoesNotWakeIt) {
  fake_.with_car([](sim::TeslaCar& car) { car.state.presence = sim::Presence::Asleep; });
  auto c = client();
  auto r = c.send(amps(10));
  EXPECT_EQ(r.outcome, Outcome::Asleep);
  EXPECT_EQ(r.http_status, 500);
  auto p = c.poll_state();
  EXPECT_EQ(p.outcome, Outcome::Done);
  EXPECT_EQ(p.vehicle_state, VehicleState::Asleep);
  EXPECT_EQ(fake_.car().state.presence, sim::Presence::Asleep);
  EXPECT_EQ(fake_.wake_ups(), 0);
  EXPECT_EQ(fake_.requests().back().method, "GET");
  EXPECT_EQ(fake_.requests().back().path, vehicle_path());
  EXPECT_EQ(fake_.car().state.charge_current_request, 16) << "an asleep car takes no command";
}

TEST_F(FleetClientTest, WokenCarComesOnlineAfterItsDelayWithoutFurtherRequests) {
  fake_.with_car([](sim::TeslaCar& car) {
    car.state.presence = sim::Presence::Asleep;
    car.params.wake_delay_s = 0.2;
  });
  auto w = client().wake_up();
  EXPECT_EQ(w.outcome, Outcome::Done);
  EXPECT_EQ(w.vehicle_state, VehicleState::Asleep);
  EXPECT_EQ(fake_.requests().at(0).path, vehicle_path("/wake_up"));
  std::this_thread::sleep_for(400ms);
  fake_.clear_requests();
  EXPECT_EQ(fake_.car().state.presence, sim::Presence::Online);
  EXPECT_EQ(fake_.wake_ups(), 1);
}

TEST_F(FleetClientTest, RateLimitCarriesRetryAfter) {
  fake_.set_faults(sim::FleetFaults{.answer_429 = 1, .retry_after_s = 17});
  auto c = client();
  auto r = c.send(amps(10));
  EXPECT_EQ(r.outcome, Outcome::RateLimited);
  EXPECT_EQ(r.http_status, 429);
  EXPECT_EQ(r.retry_after, 17s);
  EXPECT_EQ(c.send(amps(10)).outcome, Outcome::Done) << "the fault is used up";
}

TEST_F(FleetClientTest, WrongTokenIsUnauthorizedAndNeverQuoted) {
  test::LogCapture log;
  const std::string wrong = "wrong-token-must-stay-secret";
  auto c = client(wrong);
  auto r = c.send(amps(10));
  auto w = c.wake_up();
  FleetClient refused(
      FleetClientOptions{"http://127.0.0.1:" + std::to_string(test::free_port()), kVin, wrong, 1s});
  auto u = refused.send(amps(10));
  EXPECT_EQ(r.outcome, Outcome::Unauthorized);
  EXPECT_EQ(r.http_status, 401);
  EXPECT_EQ(w.outcome, Outcome::Unauthorized);
  EXPECT_EQ(u.outcome, Outcome::Unreachable);
  for (const auto& text : {r.reason, w.reason, u.reason, log.str()}) {
    EXPECT_EQ(text.find(wrong), std::string::npos) << text;
  }
  EXPECT_FALSE(log.str().empty()) << "the client logs its requests at debug level";
}

TEST_F(FleetClientTest, ServerErrorIs5xx) {
  fake_.set_faults(sim::FleetFaults{.answer_500 = 1});
  auto r = client().send(start());
  EXPECT_EQ(r.outcome, Outcome::ServerError);
  EXPECT_EQ(r.http_status, 500);
  EXPECT_EQ(fake_.car().state.charging_state, ChargingState::Stopped);
}

TEST_F(FleetClientTest, BenignRefusalsAreDoneWithTheirReason) {
  auto c = client();
  auto stop_idle = c.send(stop());
  EXPECT_EQ(stop_idle.outcome, Outcome::Done);
  EXPECT_EQ(stop_idle.reason, "car could not execute command: not_charging");
  fake_.with_car([](sim::TeslaCar& car) { car.state.charging_state = ChargingState::Charging; });
  auto start_again = c.send(start());
  EXPECT_EQ(start_again.outcome, Outcome::Done);
  EXPECT_EQ(start_again.reason, "car could not execute command: is_charging");
  fake_.with_car([](sim::TeslaCar& car) { car.state.charging_state = ChargingState::Complete; });
  EXPECT_EQ(c.send(start()).reason, "car could not execute command: complete");
}

TEST_F(FleetClientTest, OtherRefusalsAreRejected) {
  fake_.with_car(
      [](sim::TeslaCar& car) { car.state.charging_state = ChargingState::Disconnected; });
  auto c = client();
  auto r = c.send(start());
  EXPECT_EQ(r.outcome, Outcome::Rejected);
  EXPECT_EQ(r.reason, "car could not execute command: disconnected");
  fake_.set_faults(sim::FleetFaults{.reject_reason = "vehicle_busy"});
  auto busy = c.send(amps(8));
  EXPECT_EQ(busy.outcome, Outcome::Rejected);
  EXPECT_EQ(busy.reason, "car could not execute command: vehicle_busy");
  EXPECT_EQ(c.send(amps(40)).reason, "car could not execute command: invalid_charging_amps")
      << "above the car's max (32)";
  EXPECT_EQ(fake_.car().state.charge_current_request, 16);
}

TEST_F(FleetClientTest, UnknownVinIsRejected) {
  FleetClient other(FleetClientOptions{fake_.base_url(), "5YJ3E1EA1KF999999", kToken, 3s});
  auto r = other.send(amps(8));
  EXPECT_EQ(r.outcome, Outcome::Rejected);
  EXPECT_EQ(r.http_status, 404);
}

TEST_F(FleetClientTest, ConnectionRefusedIsUnreachable) {
  FleetClient nowhere(FleetClientOptions{"http://127.0.0.1:" + std::to_string(test::free_port()),
                                         kVin, kToken, 2s});
  auto r = nowhere.send(amps(8));
  EXPECT_EQ(r.outcome, Outcome::Unreachable);
  EXPECT_EQ(r.http_status, 0);
  EXPECT_FALSE(r.reason.empty());
}

TEST_F(FleetClientTest, AnswerSlowerThanTheConfiguredTimeoutIsUnreachable) {
  fake_.set_faults(sim::FleetFaults{.delay_ms = 1600});
  VehicleConfig config;
  config.fleet_base_url = fake_.base_url();
  config.vin = kVin;
  config.fleet_token = kToken;
  config.request_timeout_s = 1;
  FleetClient slow(config, {});
  auto began = std::chrono::steady_clock::now();
  auto r = slow.poll_state();
  EXPECT_EQ(r.outcome, Outcome::Unreachable) << r.reason;
  EXPECT_LT(std::chrono::steady_clock::now() - began, 1500ms);
}

TEST_F(FleetClientTest, FakeVehicleDataUsesTeslaNamesAndAnswers408WhenAsleep) {
  web::http::client::http_client http(fake_.base_url());
  auto get = [&] {
    web::http::http_request req(web::http::methods::GET);
    req.set_request_uri(vehicle_path("/vehicle_data?endpoints=charge_state"));
    req.headers().add("Authorization", std::string("Bearer ") + kToken);
    return http.request(req).get();
  };
  auto online = get();
  ASSERT_EQ(online.status_code(), 200);
  auto j = online.extract_json(true).get();
  EXPECT_EQ(j["response"]["state"].as_string(), "online");
  EXPECT_EQ(j["response"]["vin"].as_string(), kVin);
  auto cs = j["response"]["charge_state"];
  EXPECT_EQ(cs["charging_state"].as_string(), "Stopped");
  EXPECT_EQ(cs["charge_current_request_max"].as_integer(), 32);
  EXPECT_EQ(cs["battery_range"].as_double(), 150);
  EXPECT_TRUE(cs.has_field("timestamp"));
  EXPECT_EQ(fake_.requests().at(0).query, "endpoints=charge_state");
  fake_.with_car([](sim::TeslaCar& car) { car.state.presence = sim::Presence::Asleep; });
  EXPECT_EQ(get().status_code(), 408);
  EXPECT_EQ(fake_.car().state.presence, sim::Presence::Asleep);
}

// The Commander, the real client and the fake, with a real clock and short waits.
class FleetCommanderTest : public FleetClientTest {
 protected:
  static CommanderSettings fast() {
    CommanderSettings s;
    s.max_wakes_per_hour = 3;
    s.wake_timeout = 3s;
    s.wake_poll_interval = 100ms;
    s.server_error_backoff = 50ms;
    return s;
  }
  SystemClock clock_;
  FleetClient client_ = client();
  Commander commander_{client_, clock_, fast()};
};

TEST_F(FleetCommanderTest, AsleepCarGetsExactlyOneWakeThenTheCommands) {
  fake_.with_car([](sim::TeslaCar& car) {
    car.state.presence = sim::Presence::Asleep;
    car.params.wake_delay_s = 0.25;
  });
  CommandPlan plan{PlanAction::Start, {amps(20), start()}, ""};
  CommandReport r = commander_.execute(plan);
  EXPECT_TRUE(r.done) << r.summary;
  EXPECT_EQ(r.wakes, 1);
  EXPECT_EQ(fake_.wake_ups(), 1);
  auto t = traffic(fake_.requests());
  ASSERT_GE(t.size(), 5u);
  EXPECT_EQ(t[0], "POST set_charging_amps 500");
  EXPECT_EQ(t[1], "POST wake_up 200");
  for (std::size_t i = 2; i + 2 < t.size(); ++i)
    EXPECT_EQ(t[i], "GET " + std::string(kVin) + " 200");
  EXPECT_EQ(t[t.size() - 2], "POST set_charging_amps 200");
  EXPECT_EQ(t.back(), "POST charge_start 200");
  EXPECT_EQ(r.state_polls, static_cast<int>(t.size()) - 4);
  EXPECT_EQ(fake_.car().state.charge_current_request, 20);
  EXPECT_EQ(fake_.car().state.charging_state, ChargingState::Charging);
}

TEST_F(FleetCommanderTest, ServerErrorsAreRetriedThenSucceed) {
  fake_.set_faults(sim::FleetFaults{.answer_500 = 2});
  CommandReport r = commander_.execute(CommandPlan{PlanAction::SetAmps, {amps(12)}, ""});
  EXPECT_TRUE(r.done) << r.summary;
  EXPECT_EQ(traffic(fake_.requests()),
            (std::vector<std::string>{"POST set_charging_amps 500", "POST set_charging_amps 500",
                                      "POST set_charging_amps 200"}));
}

TEST_F(FleetCommanderTest, UnauthorizedStopsAllTrafficForGood) {
  FleetClient bad = client("expired-token");
  Commander commander(bad, clock_, fast());
  CommandReport first = commander.execute(CommandPlan{PlanAction::Start, {start()}, ""});
  EXPECT_FALSE(first.done);
  EXPECT_TRUE(commander.unauthorized());
  CommandReport second = commander.execute(CommandPlan{PlanAction::Start, {start()}, ""});
  EXPECT_NE(second.summary.find("fix the token and restart"), std::string::npos);
  EXPECT_EQ(traffic(fake_.requests()), std::vector<std::string>{"POST charge_start 401"});
}

// On simulated time: the Retry-After passes when the test says, not after a real wait.
TEST_F(FleetCommanderTest, RateLimitHoldsTrafficUntilRetryAfter) {
  fake_.set_faults(sim::FleetFaults{.answer_429 = 1, .retry_after_s = 1});
  ManualClock clock(clock_.now());
  Commander commander(client_, clock, fast());
  CommandPlan plan{PlanAction::Start, {start()}, ""};
  EXPECT_FALSE(commander.execute(plan).done);
  CommandReport held = commander.execute(plan);
  EXPECT_NE(held.summary.find("rate limited until"), std::string::npos) << held.summary;
  clock.advance(999ms);
  held = commander.execute(plan);
  EXPECT_NE(held.summary.find("rate limited until"), std::string::npos) << held.summary;
  EXPECT_EQ(fake_.requests().size(), 1u);
  clock.advance(1ms);  // Retry-After: 1 has passed
  EXPECT_TRUE(commander.execute(plan).done);
  EXPECT_EQ(traffic(fake_.requests()),
            (std::vector<std::string>{"POST charge_start 429", "POST charge_start 200"}));
}

TEST_F(FleetCommanderTest, EmptyPlanNeverTouchesAnAsleepCar) {
  fake_.with_car([](sim::TeslaCar& car) { car.state.presence = sim::Presence::Asleep; });
  CommandReport r = commander_.execute(CommandPlan{PlanAction::None, {}, "nothing to do"});
  EXPECT_TRUE(r.done);
  EXPECT_TRUE(fake_.requests().empty());
  EXPECT_EQ(fake_.car().state.presence, sim::Presence::Asleep);
}

}  // namespace
}  // namespace p15

namespace p15 {
namespace {

// vehicle.transport: ble against the model playing TeslaBleHttpProxy: no token, commands with
// ?wait=true, the car woken by the proxy itself, nothing billed.
class BleTransportTest : public ::testing::Test {
 protected:
  static sim::FakeFleetOptions ble() {
    sim::FakeFleetOptions o;
    o.front.mode = sim::FrontMode::Ble;
    return o;
  }
  FleetClient client() {
    FleetClientOptions o{fake_.base_url(), kVin, "", 3s};
    o.transport = "ble";
    return FleetClient(o);
  }
  sim::FakeFleetServer fake_{"", 0, ble()};
};

TEST_F(BleTransportTest, AsleepCarIsWokenByTheProxyAndNothingIsBilled) {
  fake_.with_car([](sim::TeslaCar& car) { car.state.presence = sim::Presence::Asleep; });
  auto r = client().send({CommandKind::ChargeStart, 0});
  EXPECT_EQ(r.outcome, Outcome::Done) << r.reason;
  EXPECT_EQ(fake_.car().state.charging_state, ChargingState::Charging);
  EXPECT_EQ(fake_.car().state.presence, sim::Presence::Online);
  auto reqs = fake_.requests();
  ASSERT_EQ(reqs.size(), 1u);
  EXPECT_EQ(reqs[0].path, vehicle_path("/command/charge_start"));
  EXPECT_EQ(reqs[0].query, "wait=true");
  EXPECT_TRUE(reqs[0].authorization.empty()) << "no Tesla token goes to a BLE proxy";
  EXPECT_EQ(fake_.wake_ups(), 0);
  const auto ledger = fake_.ledger();
  EXPECT_EQ(ledger.requests(TeslaCategory::Local), 1);
  EXPECT_EQ(ledger.dollars(), 0.0);
}

TEST_F(BleTransportTest, OutOfRangeIsUnreachableAndAnUnpairedKeyIsForbidden) {
  fake_.with_car([](sim::TeslaCar& car) { car.state.presence = sim::Presence::Offline; });
  auto far = client().send({CommandKind::ChargeStart, 0});
  EXPECT_EQ(far.outcome, Outcome::Unreachable) << far.reason;
  EXPECT_NE(far.reason.find("not in range"), std::string::npos) << far.reason;
  fake_.with_car([](sim::TeslaCar& car) { car.state.presence = sim::Presence::Online; });
  fake_.with_front([](sim::TeslaFront& f) { f.settings().key_paired = false; });
  auto unpaired = client().send({CommandKind::ChargeStart, 0});
  EXPECT_EQ(unpaired.outcome, Outcome::Forbidden) << unpaired.reason;
  EXPECT_NE(unpaired.reason.find("pair it"), std::string::npos) << unpaired.reason;
  EXPECT_EQ(fake_.ledger().dollars(), 0.0);
}

}  // namespace
}  // namespace p15
