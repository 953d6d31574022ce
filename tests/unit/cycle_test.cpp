// The Cycle with test doubles: an in-memory Store and a recording VehicleClient, a ManualClock.
#include "service/poll/cycle.h"

#include <gtest/gtest.h>

#include <map>

#include "service/clock/manual_clock.h"
#include "service/config/time_zones.h"
#include "service/core/policy.h"

namespace p15 {
namespace {

const TimePoint kStart{Seconds{1'780'000'000}};

class MemoryStore final : public Store {
 public:
  Result<PowerwallReading> newest_powerwall() override {
    if (down) return Error{"db down", ErrorKind::Unavailable};
    return pw;
  }
  Result<VehicleReading> newest_vehicle() override {
    if (down) return Error{"db down", ErrorKind::Unavailable};
    return car;
  }
  Result<std::int64_t> record_decision(const Decision& d, TimePoint at) override {
    if (down || refuse_writes) return Error{"write failed", ErrorKind::Unavailable};
    decisions.push_back(d);
    decided_at.push_back(at);
    return static_cast<std::int64_t>(decisions.size());
  }
  Result<std::optional<StoredChargeMode>> read_charge_plan(const std::string& vin) override {
    plan_reads.push_back(vin);
    if (down) return Error{"db down", ErrorKind::Unavailable};
    if (plan_error) return *plan_error;
    auto it = plans.find(vin);
    if (it == plans.end()) return std::optional<StoredChargeMode>{};
    return std::optional<StoredChargeMode>{it->second};
  }
  Status upsert_charge_plan(const StoredChargeMode& p) override {
    plans[p.vin] = p;
    return ok_status();
  }
  Result<std::int64_t> record_ledger(std::int64_t decision_id, const std::string&,
                                     const LedgerEntry& e) override {
    if (down || refuse_ledger) return Error{"ledger write failed", ErrorKind::Unavailable};
    ledger.push_back({decision_id, e});
    return static_cast<std::int64_t>(ledger.size());
  }
  Result<SavingsTotals> savings_totals(const SavingsPeriods&) override {
    return Error{"not used here", ErrorKind::Unavailable};
  }
  Status ping() override { return ok_status(); }

  PowerwallReading pw;
  VehicleReading car;
  std::vector<Decision> decisions;
  std::vector<TimePoint> decided_at;
  std::map<std::string, StoredChargeMode> plans;
  std::vector<std::string> plan_reads;
  std::optional<Error> plan_error;
  std::vector<std::pair<std::int64_t, LedgerEntry>> ledger;
  bool down = false;
  bool refuse_writes = false;
  bool refuse_ledger = false;
};

class RecordingClient final : public VehicleClient {
 public:
  std::string name() const override { return "recording"; }
  ClientResponse send(const VehicleCommand& c) override {
    sent.push_back(c);
    return {};
  }
  ClientResponse wake_up() override { return {Outcome::Done, 200, "", Seconds{0}, "online"}; }
  ClientResponse poll_state() override { return {Outcome::Done, 200, "", Seconds{0}, "online"}; }
  std::vector<VehicleCommand> sent;
};

class CycleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // 3 kW exported by a full Powerwall, a plugged car stopped at 16 A.
    store_.pw = PowerwallReading{
        1,  kStart,  PowerwallShape::Current, 3500, 500, 0, -3000, 0, 13500, 13500, 100,
        20, "Active"};
    store_.car.row_id = 1;
    store_.car.row_time = kStart;
    store_.car.charging_state = ChargingState::Stopped;
    store_.car.charge_current_request = 16;
    store_.car.charge_current_request_max = 32;
  }
  Cycle make(const std::string& policy_name, HomeSettings home = {"", us_pacific_zone()}) {
    policy_ = std::move(make_policy(policy_name, {5})).value();
    return Cycle(store_, *policy_, commander_, clock_, metrics_, Seconds{300}, std::move(home));
  }
  void tick(Seconds s) {
    clock_.advance(s);
    store_.pw.row_time = store_.car.row_time = clock_.now();
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
  EXPECT_EQ(store_.decisions.size(), 3u);
}

TEST_F(CycleTest, StaleRowSendsNothingAndRecordsNothing) {
  Cycle cycle = make("legacy");
  store_.car.battery_range_mi = 10;
  clock_.advance(Seconds{301});
  auto r = cycle.manage();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Stale);
  EXPECT_NE(r.error().message.find("battery_model row 1 is 301 s old"), std::string::npos);
  EXPECT_TRUE(client_.sent.empty());
  EXPECT_TRUE(store_.decisions.empty());
  EXPECT_EQ(cycle.run_once(), "stale");
}

TEST_F(CycleTest, UnrecordedDecisionIsNotActedOn) {
  Cycle cycle = make("legacy");
  store_.car.battery_range_mi = 10;  // legacy would start the car
  store_.refuse_writes = true;
  auto r = cycle.manage();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Unavailable);
  EXPECT_TRUE(client_.sent.empty());
  EXPECT_EQ(cycle.run_once(), "db_error");
}

TEST_F(CycleTest, LegacyStartsALowCarWithItsAmps) {
  Cycle cycle = make("legacy");
  store_.car.battery_range_mi = 10;
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

std::optional<double> feature(const Decision& d, const std::string& name) {
  for (const auto& f : d.features) {
    if (f.name == name && std::holds_alternative<double>(f.value)) return std::get<double>(f.value);
  }
  return std::nullopt;
}

std::string text_feature(const Decision& d, const std::string& name) {
  for (const auto& f : d.features) {
    if (f.name == name && std::holds_alternative<std::string>(f.value)) {
      return std::get<std::string>(f.value);
    }
  }
  return "";
}

TEST_F(CycleTest, TheStoredPlanReachesThePolicyWithTheNextLocalDeparture) {
  FixedHomeClock home;
  // 23:00 PDT on 2016-06-15 (06:00 UTC on the 16th): 07:00 PDT is 8 h away.
  home.at = TimePoint{std::chrono::sys_days{std::chrono::year{2016} / 6 / 16}.time_since_epoch() +
                      std::chrono::hours{6}};
  store_.plans[kVin] = {kVin, {ChargeMode::Plan, Seconds{7 * 3600}, 80}, kStart};
  Cycle cycle = make("smart", {kVin, us_pacific_zone(), &home});
  auto r = cycle.decide_and_record();
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(store_.plan_reads, std::vector<std::string>{kVin});
  ASSERT_TRUE(r->snapshot.plan.departure.has_value());
  EXPECT_EQ(*r->snapshot.plan.departure - *home.at, std::chrono::hours{8});
  EXPECT_EQ(text_feature(r->decision, "mode"), "plan");
  EXPECT_EQ(feature(r->decision, "target_soc"), 80);
  EXPECT_EQ(feature(r->decision, "departure_in_h"), 8);
  // The policy decided on the home's clock, while the rows' age is real time (they are fresh).
  EXPECT_EQ(r->snapshot.now, *home.at);
  EXPECT_EQ(store_.decided_at.back(), *home.at);
}

TEST_F(CycleTest, WithoutAStoredPlanThePolicyKeepsItsOwnSettings) {
  store_.car.vin = "ROW-VIN";
  Cycle cycle = make("smart");  // no VIN configured: the row's
  auto r = cycle.decide_and_record();
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(store_.plan_reads, std::vector<std::string>{"ROW-VIN"});
  EXPECT_FALSE(r->snapshot.plan.mode.has_value());
  EXPECT_EQ(text_feature(r->decision, "mode"), "solar");
  EXPECT_EQ(r->snapshot.now, clock_.now());
}

TEST_F(CycleTest, OffModeStopsAChargingCarAtOnce) {
  store_.plans[kVin] = {kVin, {ChargeMode::Off, {}, {}}, kStart};
  store_.car.charging_state = ChargingState::Charging;
  store_.car.charger_actual_current = 16;
  Cycle cycle = make("smart", {kVin});
  auto r = cycle.manage();
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(client_.sent.size(), 1u) << r->plan.reason;
  EXPECT_EQ(client_.sent[0].kind, CommandKind::ChargeStop);
}

TEST_F(CycleTest, AnUnreadablePlanMeansNoDecisionAndNoCommand) {
  store_.plan_error = Error{"p15_charge_plan row for VIN x: mode \"turbo\"", ErrorKind::Invalid};
  store_.car.charging_state = ChargingState::Charging;
  Cycle cycle = make("smart", {kVin});
  auto r = cycle.manage();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Invalid);
  EXPECT_NE(r.error().message.find("p15_charge_plan"), std::string::npos);
  EXPECT_TRUE(store_.decisions.empty());
  EXPECT_TRUE(client_.sent.empty());
  EXPECT_EQ(cycle.run_once(), "invalid");
  store_.plan_error = Error{"MariaDB down", ErrorKind::Unavailable};
  EXPECT_EQ(cycle.run_once(), "db_error");
  EXPECT_TRUE(client_.sent.empty());
}

TEST_F(CycleTest, AHomeClockThatFailsMeansNoDecision) {
  FixedHomeClock home;  // never answers
  Cycle cycle = make("legacy", {kVin, us_pacific_zone(), &home});
  store_.car.battery_range_mi = 10;  // legacy would start the car
  auto r = cycle.manage();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Unavailable);
  EXPECT_NE(r.error().message.find("simulator does not answer"), std::string::npos);
  EXPECT_TRUE(store_.decisions.empty());
  EXPECT_TRUE(client_.sent.empty());
}

TEST_F(CycleTest, EveryRecordedDecisionGetsALedgerRow) {
  Cycle cycle = make("legacy");
  // Charging at 16 A x 240 V = 3840 W; the 3500 W of solar cover the 500 W house first, then
  // 3000 W go to the car, the Powerwall gives nothing, the grid 840 W.
  store_.car.charging_state = ChargingState::Charging;
  store_.car.charger_actual_current = 16;
  store_.car.charger_voltage = 240;
  store_.pw.load_w = 4340;
  store_.pw.grid_w = 840;
  ASSERT_TRUE(cycle.manage().ok());
  tick(Seconds{30});
  ASSERT_TRUE(cycle.decide_and_record().ok());
  ASSERT_EQ(store_.ledger.size(), 2u);
  EXPECT_EQ(store_.ledger[0].first, 1);  // the smart_charger_model id it belongs to
  EXPECT_EQ(store_.ledger[0].second.elapsed, Seconds{0});
  EXPECT_EQ(store_.ledger[1].first, 2);
  const LedgerEntry& e = store_.ledger[1].second;
  EXPECT_EQ(e.elapsed, Seconds{30});
  EXPECT_NEAR(e.solar_kwh, 3000.0 * 30 / 3.6e6, 1e-12);
  EXPECT_NEAR(e.grid_kwh, 840.0 * 30 / 3.6e6, 1e-12);
  const std::string m = metrics_.serialize();
  EXPECT_NE(m.find("p15_car_energy_joules_total{source=\"solar\"} 90000"), std::string::npos) << m;
  EXPECT_NE(m.find("p15_car_energy_joules_total{source=\"grid\"} 25200"), std::string::npos) << m;
}

TEST_F(CycleTest, LedgerFailureIsCountedAndTheCarStillGetsItsCommands) {
  Cycle cycle = make("legacy");
  store_.car.battery_range_mi = 10;  // legacy starts the car
  store_.refuse_ledger = true;
  auto r = cycle.manage();
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(client_.sent.size(), 2u);
  EXPECT_EQ(store_.decisions.size(), 1u);
  EXPECT_TRUE(store_.ledger.empty());
  EXPECT_NE(metrics_.serialize().find("p15_energy_ledger_write_failures_total 1"),
            std::string::npos);
  EXPECT_EQ(cycle.run_once(), "ok");
}

TEST_F(CycleTest, AFailedLedgerRowLeavesItsIntervalToTheNextOne) {
  Cycle cycle = make("legacy");
  store_.car.charging_state = ChargingState::Charging;
  store_.car.charger_actual_current = 16;
  store_.car.charger_voltage = 240;
  ASSERT_TRUE(cycle.decide_and_record().ok());  // written: the start of the count
  tick(Seconds{30});
  store_.refuse_ledger = true;
  ASSERT_TRUE(cycle.decide_and_record().ok());
  tick(Seconds{30});
  store_.refuse_ledger = false;
  ASSERT_TRUE(cycle.decide_and_record().ok());
  ASSERT_EQ(store_.ledger.size(), 2u);
  EXPECT_EQ(store_.ledger[1].first, 3);
  EXPECT_EQ(store_.ledger[1].second.elapsed, Seconds{60});
}

}  // namespace
}  // namespace p15
