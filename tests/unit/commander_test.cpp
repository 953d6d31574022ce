// The Commander against a strict scripted VehicleClient and a ManualClock: every request the car
// would receive is asserted, in order, for each scenario (and each step of a scenario).
#include "service/vehicle/commander.h"

#include <gtest/gtest.h>

#include <atomic>
#include <deque>
#include <thread>

#include "service/clock/manual_clock.h"

namespace p15 {
namespace {

using namespace std::chrono_literals;
using Calls = std::vector<std::string>;

using VS = VehicleState;

ClientResponse answer(Outcome o, int status, std::string reason = "",
                      VehicleState state = VS::Unknown) {
  return ClientResponse{o, status, std::move(reason), Seconds{0}, state};
}
ClientResponse ok(std::string reason = "") { return answer(Outcome::Done, 200, reason); }
ClientResponse state(VehicleState s) { return answer(Outcome::Done, 200, "", s); }
ClientResponse asleep() { return answer(Outcome::Asleep, 408, "vehicle unavailable"); }
ClientResponse unauthorized() { return answer(Outcome::Unauthorized, 401, "token rejected"); }
ClientResponse server_error() { return answer(Outcome::ServerError, 500, "HTTP 500"); }
ClientResponse rejected(std::string r) { return answer(Outcome::Rejected, 200, r); }
ClientResponse unreachable() { return answer(Outcome::Unreachable, 0, "connection refused"); }
ClientResponse forbidden(std::string r) { return answer(Outcome::Forbidden, 500, r); }
ClientResponse rate_limited(int s) {
  ClientResponse r = answer(Outcome::RateLimited, 429, "rate limited");
  r.retry_after = Seconds{s};
  return r;
}

// What the car answers, in order, per kind of call.
struct Script {
  std::vector<ClientResponse> sends{}, wakes{}, polls{};
};

// Strict: answers only what the script holds; records every call.
class ScriptedClient final : public VehicleClient {
 public:
  void load(const Script& s) {
    sends_.assign(s.sends.begin(), s.sends.end());
    wakes_.assign(s.wakes.begin(), s.wakes.end());
    polls_.assign(s.polls.begin(), s.polls.end());
    calls.clear();
  }
  bool exhausted() const { return sends_.empty() && wakes_.empty() && polls_.empty(); }

  std::string name() const override { return "scripted"; }
  ClientResponse send(const VehicleCommand& c) override {
    std::string call = to_string(c.kind);
    if (c.kind == CommandKind::SetChargingAmps) call += " " + std::to_string(c.amps);
    return next(sends_, call);
  }
  ClientResponse wake_up() override { return next(wakes_, "wake_up"); }
  ClientResponse poll_state() override { return next(polls_, "poll_state"); }

  Calls calls;

 private:
  ClientResponse next(std::deque<ClientResponse>& q, const std::string& call) {
    calls.push_back(call);
    if (q.empty()) {
      ADD_FAILURE() << "unscripted call: " << call;
      return unreachable();
    }
    ClientResponse r = q.front();
    q.pop_front();
    return r;
  }
  std::deque<ClientResponse> sends_, wakes_, polls_;
};

VehicleCommand set_amps(int a) { return VehicleCommand{CommandKind::SetChargingAmps, a}; }
VehicleCommand start() { return VehicleCommand{CommandKind::ChargeStart, 0}; }
VehicleCommand stop() { return VehicleCommand{CommandKind::ChargeStop, 0}; }
CommandPlan plan(std::vector<VehicleCommand> c) {
  return CommandPlan{PlanAction::SetAmps, std::move(c), ""};
}

struct Step {
  Seconds advance_before{0};
  CommandPlan plan{};
  VehicleState row_state = VS::Online;  // the car's state in its newest row
  Script script{};
  Calls calls{};  // exactly what the car must receive
  bool done = false;
  int wakes = 0;
  std::string summary_has{};
  std::optional<Seconds> elapsed{};  // how long the step took on the clock
};

struct Scenario {
  std::string name{};
  std::vector<Step> steps{};
  CommanderSettings settings{};
  bool unauthorized_after = false;
  std::string latched_has{};  // a substring of latched(), empty: nothing latched
};

CommanderSettings settings(int max_wakes, Seconds timeout, int max_per_day = 3) {
  CommanderSettings s;
  s.max_wakes_per_hour = max_wakes;
  s.max_wakes_per_day = max_per_day;
  s.wake_timeout = timeout;
  return s;
}

CommanderSettings ble() {
  CommanderSettings s;
  s.wake_before_commands = false;
  return s;
}

// The row already says asleep: one wake-up first, then the plan; no refused command first.
Step wake_from_row(Seconds advance) {
  return Step{.advance_before = advance,
              .plan = plan({set_amps(16), start()}),
              .row_state = VS::Asleep,
              .script = {.sends = {ok(), ok()}, .wakes = {state(VS::Online)}},
              .calls = {"wake_up", "set_charging_amps 16", "charge_start"},
              .done = true,
              .wakes = 1,
              .summary_has = "done: set_charging_amps 16 A, charge_start"};
}

// An asleep car woken with the wake-up answer already saying online: no state polls needed.
const Step kWakeAndSend{.plan = plan({set_amps(16)}),
                        .script = {.sends = {asleep(), ok()}, .wakes = {state(VS::Online)}},
                        .calls = {"set_charging_amps 16", "wake_up", "set_charging_amps 16"},
                        .done = true,
                        .wakes = 1,
                        .summary_has = "done"};

std::vector<Scenario> scenarios() {
  return {
      {.name = "EmptyPlanSendsNothing",
       .steps = {{.plan = plan({}), .done = true, .summary_has = "nothing to send"}}},
      {.name = "OnlineCarGetsExactlyThePlan",
       .steps = {{.plan = plan({set_amps(16), start()}),
                  .script = {.sends = {ok(), ok()}},
                  .calls = {"set_charging_amps 16", "charge_start"},
                  .done = true,
                  .summary_has = "done: set_charging_amps 16 A, charge_start",
                  .elapsed = 0s}}},
      {.name = "AsleepCarIsWokenOncePolledAndResent",
       .steps = {{.plan = plan({set_amps(20)}),
                  .script = {.sends = {asleep(), ok()},
                             .wakes = {state(VS::Asleep)},
                             .polls = {state(VS::Asleep), state(VS::Asleep), state(VS::Online)}},
                  .calls = {"set_charging_amps 20", "wake_up", "poll_state", "poll_state",
                            "poll_state", "set_charging_amps 20"},
                  .done = true,
                  .wakes = 1,
                  .summary_has = "after a wake-up",
                  .elapsed = 15s}}},
      {.name = "WakeAnsweringOnlineNeedsNoPolls", .steps = {kWakeAndSend}},
      {.name = "ExhaustedWakeBudgetSendsNoWake",
       .steps = {kWakeAndSend,
                 {.advance_before = 10min,
                  .plan = plan({set_amps(16)}),
                  .script = {.sends = {asleep()}},
                  .calls = {"set_charging_amps 16"},
                  .summary_has = "wake budget exhausted (1/h, 3/day)"},
                 // The first wake leaves the trailing hour: the budget is back.
                 [] {
                   Step s = kWakeAndSend;
                   s.advance_before = 51min;
                   return s;
                 }()},
       .settings = settings(1, 60s)},
      {.name = "ZeroWakeBudgetNeverWakes",
       .steps = {{.plan = plan({stop()}),
                  .script = {.sends = {asleep()}},
                  .calls = {"charge_stop"},
                  .summary_has = "wake budget exhausted (0/h, 3/day)"}},
       .settings = settings(0, 60s)},
      {.name = "RateLimitStopsEverythingUntilTheDeadline",
       .steps = {{.plan = plan({set_amps(16), start()}),
                  .script = {.sends = {rate_limited(60)}},
                  .calls = {"set_charging_amps 16"},
                  .summary_has = "rate limited until 2026-05-28T20:27:40Z"},
                 {.advance_before = 59s,
                  .plan = plan({start()}),
                  .summary_has = "rate limited until 2026-05-28T20:27:40Z"},
                 {.advance_before = 1s,
                  .plan = plan({set_amps(16), start()}),
                  .script = {.sends = {ok(), ok()}},
                  .calls = {"set_charging_amps 16", "charge_start"},
                  .done = true,
                  .summary_has = "done"}}},
      {.name = "UnauthorizedIsLatchedForever",
       .steps = {{.plan = plan({set_amps(16), start()}),
                  .script = {.sends = {unauthorized()}},
                  .calls = {"set_charging_amps 16"},
                  .summary_has = "unauthorized: token rejected (401); fix the token and restart"},
                 {.advance_before = 1h,
                  .plan = plan({start()}),
                  .summary_has = "unauthorized: token rejected (401)"},
                 {.advance_before = 24h,
                  .plan = plan({stop()}),
                  .summary_has = "fix the token and restart"}},
       .unauthorized_after = true},
      {.name = "ServerErrorTwiceThenOk",
       .steps = {{.plan = plan({set_amps(16)}),
                  .script = {.sends = {server_error(), server_error(), ok()}},
                  .calls = {"set_charging_amps 16", "set_charging_amps 16", "set_charging_amps 16"},
                  .done = true,
                  .summary_has = "done",
                  .elapsed = 6s}}},  // backoff 2 s, then 4 s
      {.name = "ServerErrorAlwaysFailsAfterRetries",
       .steps = {{.plan = plan({set_amps(16), start()}),
                  .script = {.sends = {server_error(), server_error(), server_error()}},
                  .calls = {"set_charging_amps 16", "set_charging_amps 16", "set_charging_amps 16"},
                  .summary_has = "failed after 2 retries",
                  .elapsed = 6s}}},
      {.name = "RejectedStopsThePlan",
       .steps = {{.plan = plan({set_amps(16), start()}),
                  .script = {.sends = {rejected("vehicle_busy")}},
                  .calls = {"set_charging_amps 16"},
                  .summary_has = "vehicle_busy"}}},
      {.name = "UnreachableStopsThePlan",
       .steps = {{.plan = plan({set_amps(16), start()}),
                  .script = {.sends = {unreachable()}},
                  .calls = {"set_charging_amps 16"},
                  .summary_has = "connection refused"}}},
      {.name = "BenignResultFalseCountsAsDone",
       .steps = {{.plan = plan({start(), set_amps(8)}),
                  .script = {.sends = {ok("is_charging"), ok("already_set")}},
                  .calls = {"charge_start", "set_charging_amps 8"},
                  .done = true,
                  .summary_has = "done"}}},
      {.name = "WakeNeverOnlineTimesOutWithoutResend",
       .steps = {{.plan = plan({set_amps(16), start()}),
                  .script = {.sends = {asleep()},
                             .wakes = {state(VS::Asleep)},
                             .polls = {state(VS::Asleep), state(VS::Asleep), unreachable(),
                                       state(VS::Offline)}},
                  .calls = {"set_charging_amps 16", "wake_up", "poll_state", "poll_state",
                            "poll_state", "poll_state"},
                  .wakes = 1,
                  .summary_has = "car not online 20 s after wake-up (state offline)",
                  .elapsed = 20s}},
       .settings = settings(3, 20s)},
      {.name = "AsleepAgainAfterWakeIsNotWokenTwice",
       .steps = {{.plan = plan({set_amps(16)}),
                  .script = {.sends = {asleep(), asleep()}, .wakes = {state(VS::Online)}},
                  .calls = {"set_charging_amps 16", "wake_up", "set_charging_amps 16"},
                  .wakes = 1,
                  .summary_has = "still asleep"}}},
      {.name = "FailedWakeIsCountedAndStops",
       .steps = {{.plan = plan({set_amps(16)}),
                  .script = {.sends = {asleep()}, .wakes = {server_error()}},
                  .calls = {"set_charging_amps 16", "wake_up"},
                  .wakes = 1,
                  .summary_has = "wake_up failed"},
                 {.advance_before = 1min,
                  .plan = plan({set_amps(16)}),
                  .script = {.sends = {asleep()}},
                  .calls = {"set_charging_amps 16"},
                  .summary_has = "wake budget exhausted (1/h, 3/day)"}},
       .settings = settings(1, 60s)},
      {.name = "UnauthorizedWhileWaitingIsLatched",
       .steps = {{.plan = plan({set_amps(16)}),
                  .script = {.sends = {asleep()},
                             .wakes = {state(VS::Asleep)},
                             .polls = {unauthorized()}},
                  .calls = {"set_charging_amps 16", "wake_up", "poll_state"},
                  .wakes = 1,
                  .summary_has = "unauthorized"}},
       .unauthorized_after = true},
      {.name = "AsleepRowIsWokenBeforeTheFirstCommand", .steps = {wake_from_row(0s)}},
      {.name = "DailyWakeBudgetHoldsAcrossHours",
       .steps = {wake_from_row(0s),
                 wake_from_row(2h),
                 {.advance_before = 2h,
                  .plan = plan({start()}),
                  .row_state = VS::Asleep,
                  .summary_has = "wake budget exhausted (3/h, 2/day)"},
                 wake_from_row(21h)},
       .settings = settings(3, 60s, 2)},
      {.name = "OfflineRowThatNeverWakesSendsNoCommand",
       .steps = {{.plan = plan({set_amps(16)}),
                  .row_state = VS::Offline,
                  .script = {.wakes = {state(VS::Offline)}, .polls = {state(VS::Offline)}},
                  .calls = {"wake_up", "poll_state"},
                  .wakes = 1,
                  .summary_has = "car not online 5 s after wake-up (state offline)"}},
       .settings = settings(3, 5s)},
      {.name = "UnpairedKeyLatchesUntilRestart",
       .steps = {{.plan = plan({set_amps(16)}),
                  .script = {.sends = {forbidden("virtual key not paired with the car")}},
                  .calls = {"set_charging_amps 16"},
                  .summary_has = "virtual key not paired"},
                 {.advance_before = 1h,
                  .plan = plan({set_amps(16)}),
                  .summary_has = "virtual key not paired"}},
       .latched_has = "vehicle: virtual key not paired"},
      {.name = "BleNeverWakesExplicitly",
       .steps = {{.plan = plan({start()}),
                  .row_state = VS::Asleep,
                  .script = {.sends = {ok()}},
                  .calls = {"charge_start"},
                  .done = true,
                  .summary_has = "done: charge_start"}},
       .settings = ble()},
      {.name = "RateLimitOnWakeStopsUntilTheDeadline",
       .steps = {{.plan = plan({set_amps(16)}),
                  .script = {.sends = {asleep()}, .wakes = {rate_limited(120)}},
                  .calls = {"set_charging_amps 16", "wake_up"},
                  .wakes = 1,
                  .summary_has = "rate limited until"},
                 {.advance_before = 119s,
                  .plan = plan({set_amps(16)}),
                  .summary_has = "rate limited until"}}},
  };
}

class CommanderScenarioTest : public ::testing::TestWithParam<Scenario> {};

TEST_P(CommanderScenarioTest, SendsExactlyTheExpectedRequests) {
  const Scenario& sc = GetParam();
  ManualClock clock(TimePoint{Seconds{1'780'000'000}});
  ScriptedClient client;
  Commander commander(client, clock, sc.settings);
  for (std::size_t i = 0; i < sc.steps.size(); ++i) {
    SCOPED_TRACE("step " + std::to_string(i));
    const Step& st = sc.steps[i];
    clock.advance(st.advance_before);
    client.load(st.script);
    TimePoint before = clock.now();
    CommandReport r = commander.execute(st.plan, st.row_state);
    EXPECT_EQ(client.calls, st.calls);
    EXPECT_TRUE(client.exhausted()) << "scripted answers left unused";
    EXPECT_EQ(r.done, st.done) << r.summary;
    EXPECT_EQ(r.wakes, st.wakes);
    EXPECT_NE(r.summary.find(st.summary_has), std::string::npos) << r.summary;
    int command_calls = 0;
    for (const auto& c : client.calls) command_calls += c != "wake_up" && c != "poll_state";
    EXPECT_EQ(static_cast<int>(r.attempts.size()), command_calls);
    if (st.elapsed) {
      EXPECT_EQ(clock.now() - before, *st.elapsed);
    }
  }
  EXPECT_EQ(commander.unauthorized(), sc.unauthorized_after);
  const auto latched = commander.latched();
  if (sc.latched_has.empty()) {
    EXPECT_EQ(latched.has_value(), sc.unauthorized_after);
  } else {
    ASSERT_TRUE(latched.has_value());
    EXPECT_NE(latched->find(sc.latched_has), std::string::npos) << *latched;
  }
}

INSTANTIATE_TEST_SUITE_P(Scenarios, CommanderScenarioTest, ::testing::ValuesIn(scenarios()),
                         [](const auto& info) { return info.param.name; });

TEST(CommanderTest, ReportRecordsEachAttemptWithStatusAndReason) {
  ManualClock clock(TimePoint{Seconds{1'780'000'000}});
  ScriptedClient client;
  client.load({{server_error(), ok("already_set")}, {}, {}});
  Commander commander(client, clock);
  CommandReport r = commander.execute(plan({set_amps(12)}));
  ASSERT_EQ(r.attempts.size(), 2u);
  EXPECT_EQ(r.attempts[0].kind, CommandKind::SetChargingAmps);
  EXPECT_EQ(r.attempts[0].amps, 12);
  EXPECT_EQ(r.attempts[0].outcome, Outcome::ServerError);
  EXPECT_EQ(r.attempts[0].http_status, 500);
  EXPECT_EQ(r.attempts[1].outcome, Outcome::Done);
  EXPECT_EQ(r.attempts[1].reason, "already_set");
}

TEST(CommanderTest, RateLimitDeadlineIsExposed) {
  ManualClock clock(TimePoint{Seconds{1'780'000'000}});
  ScriptedClient client;
  client.load({{rate_limited(90)}, {}, {}});
  Commander commander(client, clock);
  commander.execute(plan({start()}));
  ASSERT_TRUE(commander.rate_limited_until().has_value());
  EXPECT_EQ(*commander.rate_limited_until(), clock.now() + 90s);
  clock.advance(90s);
  EXPECT_FALSE(commander.rate_limited_until().has_value());
}

// A client that notices two requests in flight at once.
class OverlapDetector final : public VehicleClient {
 public:
  std::string name() const override { return "overlap"; }
  ClientResponse send(const VehicleCommand&) override {
    if (in_flight_.fetch_add(1) != 0) overlapped = true;
    std::this_thread::sleep_for(1ms);
    in_flight_.fetch_sub(1);
    ++sent;
    return ok();
  }
  ClientResponse wake_up() override { return ok(); }
  ClientResponse poll_state() override { return state(VS::Online); }
  std::atomic<bool> overlapped{false};
  std::atomic<int> sent{0};

 private:
  std::atomic<int> in_flight_{0};
};

TEST(CommanderTest, ConcurrentExecutionsRunOneAtATime) {
  ManualClock clock(TimePoint{Seconds{1'780'000'000}});
  OverlapDetector client;
  Commander commander(client, clock);
  auto work = [&] {
    for (int i = 0; i < 20; ++i) commander.execute(plan({set_amps(10), start()}));
  };
  std::thread a(work), b(work);
  a.join();
  b.join();
  EXPECT_FALSE(client.overlapped);
  EXPECT_EQ(client.sent, 80);
}

}  // namespace
}  // namespace p15
