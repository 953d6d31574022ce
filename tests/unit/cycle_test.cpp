// The Cycle with test doubles: an in-memory Store and a recording VehicleClient, a ManualClock.
#include "service/poll/cycle.h"

#include <gtest/gtest.h>

#include "service/clock/manual_clock.h"
#include "service/config/time_zones.h"
#include "service/core/policy.h"
#include "service/store/memory_store.h"

namespace p15 {
namespace {

const TimePoint kStart{Seconds{1'780'000'000}};

class RecordingClient final : public VehicleClient {
 public:
  std::string name() const override { return "recording"; }
  ClientResponse send(const VehicleCommand& c) override {
    sent.push_back(c);
    return {};
  }
  ClientResponse wake_up() override {
    return {Outcome::Done, 200, "", Seconds{0}, VehicleState::Online};
  }
  ClientResponse poll_state() override {
    return {Outcome::Done, 200, "", Seconds{0}, VehicleState::Online};
  }
  std::vector<VehicleCommand> sent;
};

class CycleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // 3 kW exported by a full Powerwall, a plugged car stopped at 16 A.
    store_.powerwall = PowerwallReading{
        1,  kStart,  PowerwallShape::Current, 3500, 500, 0, -3000, 0, 13500, 13500, 100,
        20, "Active"};
    store_.vehicle = VehicleReading{};
    store_.vehicle->row_id = 1;
    store_.vehicle->row_time = kStart;
    store_.vehicle->charging_state = ChargingState::Stopped;
    store_.vehicle->charge_current_request = 16;
    store_.vehicle->charge_current_request_max = 32;
  }
  Cycle make(const std::string& policy_name, HomeSettings home = {"", us_pacific_zone()}) {
    policy_ = std::move(make_policy(policy_name, {5})).value();
    return Cycle(store_, *policy_, commander_, clock_, metrics_, Seconds{300}, std::move(home));
  }
  void tick(Seconds s) {
    clock_.advance(s);
    store_.powerwall->row_time = store_.vehicle->row_time = clock_.now();
  }

  MemoryStore store_;
  RecordingClient client_;
  ManualClock clock_{kStart};
  Commander commander_{client_, clock_};
  Metrics metrics_;
  std::unique_ptr<Policy> policy_;
};

TEST_F(CycleTest, DelayedPolicyRemembersAcrossCycles) {
  Cycle cycle = make("surplus-delay");
  auto first = cycle.manage();
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_TRUE(client_.sent.empty()) << "the start delay has not passed";
  tick(Seconds{30});
  ASSERT_TRUE(cycle.manage().ok());
  EXPECT_TRUE(client_.sent.empty());
  tick(Seconds{31});
  auto third = cycle.manage();
  ASSERT_TRUE(third.ok());
  ASSERT_FALSE(client_.sent.empty()) << third->plan.reason;
  EXPECT_EQ(client_.sent.back().kind, CommandKind::ChargeStart);
  EXPECT_EQ(store_.decisions(), 3);
}

TEST_F(CycleTest, StaleRowSendsNothingAndRecordsNothing) {
  Cycle cycle = make("legacy");
  store_.vehicle->battery_range_mi = 10;
  clock_.advance(Seconds{301});
  auto r = cycle.manage();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Stale);
  EXPECT_NE(r.error().message.find("battery_model row 1 is 301 s old"), std::string::npos);
  EXPECT_TRUE(client_.sent.empty());
  EXPECT_EQ(store_.decisions(), 0);
  EXPECT_EQ(cycle.run_once(), CycleResult::Stale);
}

// A fresh row can carry an old part: the collector keeps writing an asleep car's last charge
// state, and its last Powerwall reading when the gateway stops answering.
TEST_F(CycleTest, AnOldChargeStateInAFreshRowSendsNothingAndNamesTheSetting) {
  Cycle cycle = make("legacy");
  store_.vehicle->battery_range_mi = 10;  // trusted, legacy would start the car
  store_.vehicle->charge_state_time = kStart - Seconds{901};
  auto r = cycle.manage();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Stale);
  EXPECT_NE(r.error().message.find("vehicle_model row 1: the charge state is 901 s old (limit "
                                   "900 s, poll.charge_state_max_age_s)"),
            std::string::npos)
      << r.error().message;
  EXPECT_TRUE(client_.sent.empty());
  store_.vehicle->charge_state_time = kStart - Seconds{900};
  ASSERT_TRUE(cycle.manage().ok());
  EXPECT_FALSE(client_.sent.empty());
}

// Asleep, the car's last charge state (plugged in, Stopped) still says a wake is worth it; but
// the amps wait for the charge state the collector reads once the car is online.
TEST_F(CycleTest, AnAsleepCarWithAnOldChargeStateIsWokenAndSentNothingElse) {
  Cycle cycle = make("legacy");
  store_.vehicle->battery_range_mi = 10;
  store_.vehicle->state = VehicleState::Asleep;
  store_.vehicle->charge_state_time = kStart - Seconds{3600};
  auto r = cycle.manage();
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->report.wakes, 1);
  EXPECT_TRUE(client_.sent.empty());
  EXPECT_NE(r->report.summary.find("woken only"), std::string::npos) << r->report.summary;
  EXPECT_EQ(store_.decisions(), 1);
  // Once online with a fresh charge state, the amps go out.
  store_.vehicle->state = VehicleState::Online;
  store_.vehicle->charge_state_time = kStart;
  ASSERT_TRUE(cycle.manage().ok());
  EXPECT_FALSE(client_.sent.empty());
}

TEST_F(CycleTest, AnOldPowerwallReadingInAFreshRowSendsNothing) {
  Cycle cycle = make("legacy");
  store_.vehicle->battery_range_mi = 10;
  store_.powerwall->reading_time = kStart - Seconds{301};
  auto r = cycle.manage();
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("battery_model row 1: the Powerwall's reading is 301 s old"),
            std::string::npos)
      << r.error().message;
  EXPECT_TRUE(client_.sent.empty());
}

TEST_F(CycleTest, UnrecordedDecisionIsNotActedOn) {
  Cycle cycle = make("legacy");
  store_.vehicle->battery_range_mi = 10;  // legacy would start the car
  store_.refuse_writes = true;
  auto r = cycle.manage();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Unavailable);
  EXPECT_TRUE(client_.sent.empty());
  EXPECT_EQ(cycle.run_once(), CycleResult::DbError);
}

TEST_F(CycleTest, LegacyStartsALowCarWithItsAmps) {
  Cycle cycle = make("legacy");
  store_.vehicle->battery_range_mi = 10;
  auto r = cycle.manage();
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(client_.sent.size(), 2u);
  EXPECT_EQ(client_.sent[0].kind, CommandKind::SetChargingAmps);
  EXPECT_EQ(client_.sent[1].kind, CommandKind::ChargeStart);
  EXPECT_EQ(r->report.wakes, 0);
  EXPECT_TRUE(r->report.done);
}

// A home clock that says what it is told, or fails.
class FixedHomeClock final : public HomeClock {
 public:
  Result<TimePoint> now() override {
    if (!at) return Error{"clock: simulator does not answer", ErrorKind::Unavailable};
    return *at;
  }
  std::string describe() const override { return "fixed"; }
  std::optional<TimePoint> at;
};

const char* const kVin = "5YJ3E1EA1KF000001";

TEST_F(CycleTest, TheStoredPlanReachesThePolicyWithTheNextLocalDeparture) {
  FixedHomeClock home;
  // 23:00 PDT on 2016-06-15 (06:00 UTC on the 16th): 07:00 PDT is 8 h away.
  home.at = TimePoint{std::chrono::sys_days{std::chrono::year{2016} / 6 / 16}.time_since_epoch() +
                      std::chrono::hours{6}};
  ASSERT_TRUE(
      store_.upsert_charge_plan({kVin, {ChargeMode::Plan, Seconds{7 * 3600}, 80}, kStart}).ok());
  Cycle cycle = make("smart", {kVin, us_pacific_zone(), &home});
  auto r = cycle.decide_and_record();
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(store_.plan_reads(), 1);
  EXPECT_EQ(store_.last_plan_vin(), kVin);
  ASSERT_TRUE(r->snapshot.plan.departure.has_value());
  EXPECT_EQ(*r->snapshot.plan.departure - *home.at, std::chrono::hours{8});
  EXPECT_EQ(text_feature(r->decision, "mode"), "plan");
  EXPECT_EQ(number_feature(r->decision, "target_soc"), 80);
  EXPECT_EQ(number_feature(r->decision, "departure_in_h"), 8);
  // The policy decided on the home's clock, while the rows' age is real time (they are fresh).
  EXPECT_EQ(r->snapshot.now, *home.at);
  EXPECT_EQ(store_.newest_decision_at(), *home.at);
}

TEST_F(CycleTest, WithoutAStoredPlanThePolicyKeepsItsOwnSettings) {
  store_.vehicle->vin = "ROW-VIN";
  Cycle cycle = make("smart");  // no VIN configured: the row's
  auto r = cycle.decide_and_record();
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(store_.plan_reads(), 1);
  EXPECT_EQ(store_.last_plan_vin(), "ROW-VIN");
  EXPECT_FALSE(r->snapshot.plan.mode.has_value());
  EXPECT_EQ(text_feature(r->decision, "mode"), "solar");
  EXPECT_EQ(r->snapshot.now, clock_.now());
}

TEST_F(CycleTest, OffModeStopsAChargingCarAtOnce) {
  ASSERT_TRUE(store_.upsert_charge_plan({kVin, {ChargeMode::Off, {}, {}}, kStart}).ok());
  store_.vehicle->charging_state = ChargingState::Charging;
  store_.vehicle->charger_actual_current = 16;
  Cycle cycle = make("smart", {kVin});
  auto r = cycle.manage();
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(client_.sent.size(), 1u) << r->plan.reason;
  EXPECT_EQ(client_.sent[0].kind, CommandKind::ChargeStop);
}

TEST_F(CycleTest, AnUnreadablePlanMeansNoDecisionAndNoCommand) {
  store_.plan_error = Error{"p15_charge_plan row for VIN x: mode \"turbo\"", ErrorKind::Invalid};
  store_.vehicle->charging_state = ChargingState::Charging;
  Cycle cycle = make("smart", {kVin});
  auto r = cycle.manage();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Invalid);
  EXPECT_NE(r.error().message.find("p15_charge_plan"), std::string::npos);
  EXPECT_EQ(store_.decisions(), 0);
  EXPECT_TRUE(client_.sent.empty());
  EXPECT_EQ(cycle.run_once(), CycleResult::Invalid);
  store_.plan_error = Error{"MariaDB down", ErrorKind::Unavailable};
  EXPECT_EQ(cycle.run_once(), CycleResult::DbError);
  EXPECT_TRUE(client_.sent.empty());
}

TEST_F(CycleTest, AHomeClockThatFailsMeansNoDecision) {
  FixedHomeClock home;  // never answers
  Cycle cycle = make("legacy", {kVin, us_pacific_zone(), &home});
  store_.vehicle->battery_range_mi = 10;  // legacy would start the car
  auto r = cycle.manage();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Unavailable);
  EXPECT_NE(r.error().message.find("simulator does not answer"), std::string::npos);
  EXPECT_EQ(store_.decisions(), 0);
  EXPECT_TRUE(client_.sent.empty());
}

TEST_F(CycleTest, EveryRecordedDecisionGetsALedgerRow) {
  Cycle cycle = make("legacy");
  // Charging at 16 A x 240 V = 3840 W; the 3500 W of solar cover the 500 W house first, then
  // 3000 W go to the car, the Powerwall gives nothing, the grid 840 W.
  store_.vehicle->charging_state = ChargingState::Charging;
  store_.vehicle->charger_actual_current = 16;
  store_.vehicle->charger_voltage = 240;
  store_.powerwall->load_w = 4340;
  store_.powerwall->grid_w = 840;
  ASSERT_TRUE(cycle.manage().ok());
  ASSERT_EQ(store_.ledger_rows(), 1);
  EXPECT_EQ(store_.newest_ledger_decision(), 1);  // the smart_charger_model id it belongs to
  EXPECT_EQ(store_.newest_ledger()->elapsed, Seconds{0});
  tick(Seconds{30});
  ASSERT_TRUE(cycle.decide_and_record().ok());
  ASSERT_EQ(store_.ledger_rows(), 2);
  EXPECT_EQ(store_.newest_ledger_decision(), 2);
  const LedgerEntry& e = *store_.newest_ledger();
  EXPECT_EQ(e.elapsed, Seconds{30});
  EXPECT_NEAR(e.solar_kwh, 3000.0 * 30 / 3.6e6, 1e-12);
  EXPECT_NEAR(e.grid_kwh, 840.0 * 30 / 3.6e6, 1e-12);
  const std::string m = metrics_.serialize();
  EXPECT_NE(m.find("p15_car_energy_joules_total{source=\"solar\"} 90000"), std::string::npos) << m;
  EXPECT_NE(m.find("p15_car_energy_joules_total{source=\"grid\"} 25200"), std::string::npos) << m;
}

TEST_F(CycleTest, LedgerFailureIsCountedAndTheCarStillGetsItsCommands) {
  Cycle cycle = make("legacy");
  store_.vehicle->battery_range_mi = 10;  // legacy starts the car
  store_.refuse_ledger = true;
  auto r = cycle.manage();
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(client_.sent.size(), 2u);
  EXPECT_EQ(store_.decisions(), 1);
  EXPECT_EQ(store_.ledger_rows(), 0);
  EXPECT_NE(metrics_.serialize().find("p15_energy_ledger_write_failures_total 1"),
            std::string::npos);
  EXPECT_EQ(cycle.run_once(), CycleResult::Ok);
}

TEST_F(CycleTest, AFailedLedgerRowLeavesItsIntervalToTheNextOne) {
  Cycle cycle = make("legacy");
  store_.vehicle->charging_state = ChargingState::Charging;
  store_.vehicle->charger_actual_current = 16;
  store_.vehicle->charger_voltage = 240;
  ASSERT_TRUE(cycle.decide_and_record().ok());  // written: the start of the count
  tick(Seconds{30});
  store_.refuse_ledger = true;
  ASSERT_TRUE(cycle.decide_and_record().ok());
  tick(Seconds{30});
  store_.refuse_ledger = false;
  ASSERT_TRUE(cycle.decide_and_record().ok());
  ASSERT_EQ(store_.ledger_rows(), 2);
  EXPECT_EQ(store_.newest_ledger_decision(), 3);
  EXPECT_EQ(store_.newest_ledger()->elapsed, Seconds{60});
  EXPECT_NEAR(store_.ledger_totals().car_kwh, 3840.0 * 60 / 3.6e6, 1e-12);
}

TEST_F(CycleTest, SavingsNowSumsTheLedgerFromTheStartsOfTodayAndThisMonthInTheTariffsZone) {
  Cycle cycle = make("legacy");
  ASSERT_TRUE(cycle.decide_and_record().ok());  // one ledger row
  auto s = cycle.savings_now();
  ASSERT_TRUE(s.ok()) << s.error().message;
  const LedgerSettings ledger{};
  const SavingsPeriods want = savings_periods(ledger.tariff.import_price.zone, kStart);
  EXPECT_EQ(s->now, kStart);
  EXPECT_EQ(s->totals.total.cycles, 1);
  EXPECT_EQ(s->tariff, ledger.tariff.name);
  EXPECT_EQ(s->zone, ledger.tariff.import_price.zone.name);
  ASSERT_TRUE(store_.last_savings_periods());
  EXPECT_EQ(store_.last_savings_periods()->today_start, want.today_start);
  EXPECT_EQ(store_.last_savings_periods()->month_start, want.month_start);
  EXPECT_EQ(s->periods.month_start, want.month_start);
}

TEST_F(CycleTest, SavingsNowCountsADatabaseOutage) {
  Cycle cycle = make("legacy");
  store_.down = true;
  auto s = cycle.savings_now();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind, ErrorKind::Unavailable);
  EXPECT_NE(metrics_.serialize().find("p15_db_errors_total 1"), std::string::npos);
}

}  // namespace
}  // namespace p15

namespace p15 {
namespace {

TEST_F(CycleTest, TheOwnerChangingTheAmpsInTheAppEndsSteeringUntilUnplugged) {
  Cycle cycle = make("legacy");
  ASSERT_TRUE(cycle.manage().ok());  // start at 32 A
  ASSERT_FALSE(client_.sent.empty());
  const std::size_t sent = client_.sent.size();
  store_.vehicle->charging_state = ChargingState::Charging;
  store_.vehicle->charge_current_request = 32;
  tick(Seconds{30});
  ASSERT_TRUE(cycle.manage().ok());             // what the command did
  store_.vehicle->charge_current_request = 12;  // the owner, in the Tesla app
  tick(Seconds{30});
  auto r = cycle.manage();
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(client_.sent.size(), sent) << "nothing sent against the owner";
  EXPECT_NE(r->recorded.decision.reason.find("32 A to 12 A with no command from the service"),
            std::string::npos)
      << r->recorded.decision.reason;
  EXPECT_NE(r->recorded.decision.reason.find("POST /resume-steering"), std::string::npos);
  EXPECT_TRUE(cycle.owner_override());
  tick(Seconds{30});
  ASSERT_TRUE(cycle.manage().ok());
  EXPECT_EQ(client_.sent.size(), sent) << "for the rest of the plug-in session";
  store_.vehicle->charging_state = ChargingState::Disconnected;
  tick(Seconds{30});
  ASSERT_TRUE(cycle.manage().ok());
  EXPECT_FALSE(cycle.owner_override()) << "unplugging ends it";
}

TEST_F(CycleTest, ResumeSteeringSendsAgainAtTheNextCycle) {
  Cycle cycle = make("legacy");
  ASSERT_TRUE(cycle.manage().ok());
  store_.vehicle->charging_state = ChargingState::Charging;
  store_.vehicle->charge_current_request = 32;
  tick(Seconds{30});
  ASSERT_TRUE(cycle.manage().ok());
  store_.vehicle->charging_state = ChargingState::Stopped;  // stopped in the app
  tick(Seconds{30});
  ASSERT_TRUE(cycle.manage().ok());
  ASSERT_TRUE(cycle.owner_override());
  const std::size_t sent = client_.sent.size();
  EXPECT_TRUE(cycle.resume_steering());
  EXPECT_FALSE(cycle.resume_steering());
  tick(Seconds{30});
  ASSERT_TRUE(cycle.manage().ok());
  EXPECT_GT(client_.sent.size(), sent) << "the legacy policy starts it again";
}

}  // namespace
}  // namespace p15
