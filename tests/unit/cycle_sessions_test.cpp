// The Cycle's plug-in sessions: each ledger row carries its session's change and what manage()
// sent since the last row written (an in-memory Store, a recording VehicleClient).
#include <gtest/gtest.h>

#include "service/clock/manual_clock.h"
#include "service/config/time_zones.h"
#include "service/core/policy.h"
#include "service/poll/cycle.h"
#include "service/store/memory_store.h"

namespace p15 {
namespace {

const TimePoint kStart{Seconds{1'780'000'000}};
constexpr const char* kVin = "5YJ3E1EA0KF000001";

class SentCounter final : public VehicleClient {
 public:
  std::string name() const override { return "counter"; }
  ClientResponse send(const VehicleCommand&) override {
    ++sent;
    return {};
  }
  ClientResponse wake_up() override {
    return {Outcome::Done, 200, "", Seconds{0}, VehicleState::Online};
  }
  ClientResponse poll_state() override {
    return {Outcome::Done, 200, "", Seconds{0}, VehicleState::Online};
  }
  int sent = 0;
};

class CycleSessionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    PowerwallReading pw;
    pw.row_id = 1;
    pw.solar_w = 3500;
    pw.load_w = 500;
    pw.grid_w = -3000;
    pw.energy_left_wh = pw.total_pack_energy_wh = 13500;
    pw.percentage_charged = 100;
    pw.backup_reserve_percent = 20;
    store_.powerwall = pw;
    VehicleReading car;
    car.row_id = 1;
    car.vin = kVin;
    car.charging_state = ChargingState::Stopped;
    car.charge_current_request = 16;
    car.charge_current_request_max = 32;
    car.battery_range_mi = 10;  // legacy starts a car this low
    store_.vehicle = car;
    tick(Seconds{0});
  }
  void tick(Seconds s) {
    clock_.advance(s);
    store_.powerwall->row_time = store_.vehicle->row_time = clock_.now();
  }
  void charging(int amps) {
    store_.vehicle->charging_state = ChargingState::Charging;
    store_.vehicle->charger_actual_current = amps;
    store_.vehicle->charge_current_request = amps;
    store_.vehicle->charger_voltage = 240;
  }

  MemoryStore store_;
  SentCounter client_;
  ManualClock clock_{kStart};
  Commander commander_{client_, clock_};
  Metrics metrics_;
  std::unique_ptr<Policy> policy_ = std::move(make_policy("legacy", {5})).value();
  Cycle cycle_{store_,
               *policy_,
               commander_,
               clock_,
               metrics_,
               Seconds{300},
               HomeSettings{"", us_pacific_zone()}};
};

TEST_F(CycleSessionsTest, TheCommandsOfACycleRideOnTheNextRowOfTheirSession) {
  ASSERT_TRUE(cycle_.manage().ok());
  const int first_sent = client_.sent;
  ASSERT_GT(first_sent, 0) << "legacy starts the low car";
  ASSERT_EQ(store_.sessions().size(), 1u);
  EXPECT_EQ(store_.sessions()[0].sums.commands, 0) << "sent after the row was written";
  tick(Seconds{30});
  charging(16);
  ASSERT_TRUE(cycle_.manage().ok());
  const int second_sent = client_.sent - first_sent;
  ASSERT_EQ(store_.sessions().size(), 1u);
  EXPECT_EQ(store_.sessions()[0].sums.commands, first_sent);
  tick(Seconds{30});
  store_.vehicle->charging_state = ChargingState::Disconnected;
  store_.vehicle->charger_actual_current = 0;
  ASSERT_TRUE(cycle_.manage().ok());
  ASSERT_EQ(store_.sessions().size(), 1u);
  const ChargeSession& s = store_.sessions()[0];
  EXPECT_EQ(s.key.vin, kVin);
  EXPECT_EQ(s.key.started_at, kStart);
  ASSERT_TRUE(s.ended_at.has_value());
  EXPECT_EQ(*s.ended_at, kStart + Seconds{60});
  EXPECT_EQ(s.sums.commands, first_sent + second_sent);
  EXPECT_EQ(s.sums.wake_ups, 0);
  EXPECT_NEAR(s.sums.car_kwh, store_.ledger_totals().car_kwh, 1e-12);
  EXPECT_NEAR(s.sums.car_kwh, 3840.0 * 30 / 3.6e6, 1e-12);
}

TEST_F(CycleSessionsTest, AFailedLedgerRowKeepsWhatWasSentForTheNextOne) {
  ASSERT_TRUE(cycle_.manage().ok());
  const int sent = client_.sent;
  ASSERT_GT(sent, 0);
  tick(Seconds{30});
  store_.refuse_ledger = true;
  ASSERT_TRUE(cycle_.manage().ok());
  tick(Seconds{30});
  store_.refuse_ledger = false;
  ASSERT_TRUE(cycle_.decide_and_record().ok());
  ASSERT_EQ(store_.sessions().size(), 1u);
  EXPECT_EQ(store_.sessions()[0].sums.commands, client_.sent);
}

TEST_F(CycleSessionsTest, SavingsNowAsksForTheLocalYear) {
  ASSERT_TRUE(cycle_.decide_and_record().ok());
  auto s = cycle_.savings_now();
  ASSERT_TRUE(s.ok()) << s.error().message;
  const SavingsPeriods want = savings_periods(LedgerSettings{}.tariff.import_price.zone, kStart);
  ASSERT_TRUE(store_.last_savings_periods());
  EXPECT_EQ(store_.last_savings_periods()->year_start, want.year_start);
  EXPECT_EQ(s->periods.year_start, want.year_start);
  EXPECT_EQ(s->totals.year.cycles, 1);
}

}  // namespace
}  // namespace p15
