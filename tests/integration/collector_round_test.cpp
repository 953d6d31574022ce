// The collector's rounds against a real MariaDB, with doubles for the home's devices and Tesla
// (the end-to-end suite runs it against p15-sim's fronts): rows in the shape the service reads,
// the car left to sleep, and retention pruned in batches.
#include <gtest/gtest.h>

#include "collector/collector.h"
#include "collector/row_writer.h"
#include "service/clock/manual_clock.h"
#include "service/store/mariadb_connection.h"
#include "service/store/vehicle_json.h"
#include "tests/support/test_db.h"

namespace p15::test {
namespace {

using namespace p15::collector;

const TimePoint t0 = TimePoint{} + Seconds{1'800'000'000};

struct FakePowerwall final : PowerwallSource {
  int live_reads = 0;
  bool fail = false;
  Result<PowerwallLive> live() override {
    ++live_reads;
    if (fail) return Error{"gateway unreachable: connection refused", ErrorKind::Unavailable};
    PowerwallLive l{4000, 1500, 0, -2500, 0, 96, "Active", "on_grid", false, t0};
    return l;
  }
  Result<SiteInfo> site() override {
    SiteInfo s;
    s.backup_reserve_percent = 20;
    s.nameplate_energy_wh = 13500;
    return s;
  }
  bool billed() const override { return false; }
};

// A car that answers as Fleet does: vehicle_data only while online (408 otherwise, as an asleep
// answer), and it falls asleep after `sleep_after` rounds without a vehicle_data read.
struct FakeCar final : VehicleSource {
  VehicleState state = VehicleState::Online;
  int summaries = 0, reads = 0, quiet_rounds = 0, sleep_after = 3;
  std::string charging_state = "Stopped";
  void round() {
    if (++quiet_rounds >= sleep_after) state = VehicleState::Asleep;
  }
  Result<VehicleState> summary() override {
    ++summaries;
    return state;
  }
  Result<VehicleDataRead> charge_state() override {
    ++reads;
    if (state != VehicleState::Online) return VehicleDataRead{state, std::nullopt};
    quiet_rounds = 0;
    return VehicleDataRead{
        VehicleState::Online,
        ChargeStateRead{
            R"({"charging_state":")" + charging_state +
                R"(","battery_level":60,"charge_limit_soc":90,"charger_actual_current":0,)"
                R"("charge_current_request":16,"charge_current_request_max":32,)"
                R"("charger_voltage":2,"charger_phases":1,"charger_power":0,"battery_range":180.5,)"
                R"("minutes_to_full_charge":0,"charge_energy_added":0,"timestamp":1})",
            *charging_state_from_string(charging_state), t0}};
  }
};

class CollectorRound : public ::testing::Test {
 protected:
  TestDatabase db;
  ManualClock clock{t0};
  MariaDbConnection connection{db.config(), clock, [](const ConnectAttempt&) {}};
  MariaDbRowWriter writer{connection};
  CollectorMetrics metrics;
  FakePowerwall powerwall;
  FakeCar car;

  CollectorSettings settings() {
    CollectorSettings s;
    s.schedule.interval = Seconds{10};
    s.schedule.has_gateway = true;
    s.schedule.budget.summary_interval = Seconds{600};
    s.vin = "5YJ3E1EA1KF000001";
    return s;
  }
};

TEST_F(CollectorRound, WritesRowsTheServiceReadsAndLetsAnIdleCarSleep) {
  Collector c(settings(), powerwall, &car, nullptr, nullptr, writer, metrics);
  for (int i = 0; i < 30; ++i) {  // five minutes of 10 s rounds
    const TimePoint now = t0 + Seconds{10 * i};
    c.collect(now, now);
    car.round();
  }
  EXPECT_EQ(db.scalar("SELECT COUNT(*) FROM battery_model"), "30");
  EXPECT_EQ(db.scalar("SELECT COUNT(*) FROM vehicle_model"), "30");
  EXPECT_EQ(powerwall.live_reads, 30);
  // One summary at start (online), one charge state read, then nothing: the car fell asleep.
  EXPECT_EQ(car.summaries, 1);
  EXPECT_EQ(car.reads, 1);
  EXPECT_EQ(car.state, VehicleState::Asleep);
  const auto last = db.query("SELECT id, data FROM vehicle_model ORDER BY id DESC LIMIT 1");
  ASSERT_EQ(last.size(), 1u);
  auto row = parse_vehicle_json(*last[0][1], std::stoll(*last[0][0]), t0 + Seconds{290});
  ASSERT_TRUE(row) << row.error().message;
  EXPECT_EQ(row->charging_state, ChargingState::Stopped);
  ASSERT_TRUE(row->charge_state_time);
  EXPECT_EQ(*row->charge_state_time, t0) << "the charge state carries its own age";
}

TEST_F(CollectorRound, ARefreshRequestReadsTheCarOnceAndAChargingCarOnItsInterval) {
  Collector c(settings(), powerwall, &car, nullptr, nullptr, writer, metrics);
  car.sleep_after = 1000;
  c.collect(t0, t0);                              // summary
  c.collect(t0 + Seconds{10}, t0 + Seconds{10});  // the first charge state
  EXPECT_EQ(car.reads, 1);
  car.charging_state = "Charging";
  c.request_refresh();
  c.collect(t0 + Seconds{20}, t0 + Seconds{20});
  EXPECT_EQ(car.reads, 2);
  for (int s = 30; s <= 320; s += 10) c.collect(t0 + Seconds{s}, t0 + Seconds{s});
  EXPECT_EQ(car.reads, 3) << "charging: one more read 300 s after the last";
}

TEST_F(CollectorRound, AGatewayOutageStopsBatteryRowsAndSaysSoOnce) {
  Collector c(settings(), powerwall, &car, nullptr, nullptr, writer, metrics);
  c.collect(t0, t0);
  powerwall.fail = true;
  RoundReport r = c.collect(t0 + Seconds{10}, t0 + Seconds{10});
  EXPECT_NE(r.results["gateway"].find("connection refused"), std::string::npos);
  // The last reading is written again with its true age: the service refuses it once it is
  // older than poll.stale_after_s, and the row says why.
  EXPECT_TRUE(r.battery_row);
  const auto data = db.scalar("SELECT data FROM battery_model ORDER BY id DESC LIMIT 1");
  EXPECT_NE(data->find("\"age_s\":10"), std::string::npos) << *data;
}

TEST_F(CollectorRound, RetentionPrunesOldRowsInBatchesByTheKey) {
  for (int i = 0; i < 1200; ++i) db.insert_battery("{}", "2026-01-01 00:00:00");
  db.insert_battery("{}", "2027-01-01 00:00:00");
  CollectorSettings s = settings();
  s.retention = Seconds{30 * 86400};
  Collector c(s, powerwall, nullptr, nullptr, nullptr, writer, metrics);
  const TimePoint now = TimePoint{} + Seconds{1'800'000'000};  // 2027-01-15
  c.collect(now, now);
  EXPECT_EQ(db.scalar("SELECT COUNT(*) FROM battery_model"), "702");  // 1200 - 500 + 1 + 1 row
  c.collect(now + Seconds{10}, now + Seconds{10});
  c.collect(now + Seconds{20}, now + Seconds{20});
  EXPECT_EQ(db.scalar("SELECT COUNT(*) FROM battery_model WHERE `timestamp` < '2026-12-01'"), "0");
  EXPECT_EQ(db.scalar("SELECT COUNT(*) FROM battery_model"), "4");
}

}  // namespace
}  // namespace p15::test
