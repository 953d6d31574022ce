// The service end to end: real MariaDB, real HTTP, the fake Fleet API; assert responses, the
// tables and the exact requests the car received. Faults (stale and malformed rows, an asleep
// car, the database down, ...) are in the fault matrix: faults_*_test.cpp.
#include <gtest/gtest.h>

#include <chrono>

#include "tests/e2e/fault_matrix.h"
#include "tests/e2e/fixtures.h"

namespace p15::test {
namespace {

using web::json::value;

TEST_F(ServiceE2E, HelloNamesServiceVersionAndPolicy) {
  start_service();
  auto r = get(root() + "/");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["policy"].as_string(), "legacy");
  EXPECT_FALSE(r.json()["version"].as_string().empty());
  EXPECT_EQ(get("/healthcheck").status, 200);
}

TEST_F(ServiceE2E, SetChargingAmpsStoresOneDecisionWithItsInputs) {
  Flows f{5700, 850, -3650, -1200, 9211.5, 13098, 20};
  db_.insert_battery(powerwall_legacy(f), utc_sql_time(-5));
  db_.insert_vehicle(vehicle_json(Car{}), utc_sql_time(-5));
  start_service();
  auto r = get(root() + "/set-charging-amps");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["amps"].as_integer(), 32);  // domain example: 55 A available, capped at 32
  EXPECT_EQ(r.json()["policy"].as_string(), "legacy");
  EXPECT_EQ(r.json()["features"]["solar_power_w"].as_double(), 5700);
  auto rows = db_.query(
      "SELECT amps, ai_model, JSON_EXTRACT(features, '$.grid_power_w') "
      "FROM smart_charger_model");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][0].value(), "32");
  EXPECT_EQ(rows[0][1].value(), "legacy");
  EXPECT_EQ(rows[0][2].value(), "-3650");
  EXPECT_TRUE(fleet_.requests().empty()) << "set-charging-amps must not command the car";
}

TEST_F(ServiceE2E, CurrentFlatShapeGivesTheSameDecision) {
  Flows f{5700, 850, -3650, -1200, 9211.5, 13098, 20};
  db_.insert_battery(powerwall_flat(f), utc_sql_time(-5));
  db_.insert_vehicle(vehicle_json(Car{}), utc_sql_time(-5));
  start_service();
  auto r = get(root() + "/set-charging-amps");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["amps"].as_integer(), 32);
}

// Today's live_status (since March 2024): no energy_left, no total_pack_energy. The stored energy
// is percentage_charged x powerwall.capacity_wh, and the decision is the domain example's.
TEST_F(ServiceE2E, TodaysRowWithoutEnergyLeftIsDecided) {
  Flows f{5700, 850, -3650, -1200, 9211.5, 13098, 20};
  value row = value::parse(powerwall_flat(f));
  row.as_object().erase("energy_left");
  row.as_object().erase("total_pack_energy");
  db_.insert_battery(row.serialize(), utc_sql_time(-5));
  db_.insert_vehicle(vehicle_json(Car{}), utc_sql_time(-5));
  start_service("", true, {{"P15_POWERWALL_CAPACITY_WH", "13098"}});
  auto r = get(root() + "/set-charging-amps");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["amps"].as_integer(), 32);
  EXPECT_NEAR(r.json()["features"]["energy_left_wh"].as_double(), 9211.5, 0.01) << r.body;
  record_matrix_row("2-collector-15_no_energy_left",
                    {"today's Powerwall row: `percentage_charged` without `energy_left` or "
                     "`total_pack_energy` (`powerwall.capacity_wh` 13098)",
                     "decided: energy = percentage_charged x the capacity; Tesla requests: none "
                     "(`/set-charging-amps` only decides)",
                     "`GET /set-charging-amps` 200 `amps:32`, feature `energy_left_wh` 9211.5"});
}

// Without the setting such a row names what is missing and where to set it.
TEST_F(ServiceE2E, TodaysRowWithoutAnyCapacityIsRefusedNamingFieldsAndSetting) {
  value row = value::parse(powerwall_flat(Flows{5700, 850, -3650, -1200, 9211.5, 13098, 20}));
  row.as_object().erase("energy_left");
  row.as_object().erase("total_pack_energy");
  db_.insert_battery(row.serialize(), utc_sql_time(-5));
  db_.insert_vehicle(vehicle_json(Car{}), utc_sql_time(-5));
  start_service();
  auto r = get(root() + "/manage-vehicle");
  ASSERT_EQ(r.status, 503) << r.body;
  EXPECT_EQ(r.json()["kind"].as_string(), "invalid");
  EXPECT_EQ(r.json()["error"].as_string(),
            "battery_model row 1: field \"total_pack_energy\" is missing (and so are "
            "nameplate_energy and the setting powerwall.capacity_wh)");
  EXPECT_TRUE(fleet_.requests().empty());
  record_matrix_row("2-collector-16_no_capacity",
                    {"today's Powerwall row with no capacity anywhere (no `total_pack_energy`, "
                     "no `nameplate_energy`, `powerwall.capacity_wh` unset)",
                     "refused: no decision recorded, no Tesla request",
                     "`GET /manage-vehicle` 503 `invalid` " +
                         code("battery_model row 1: field \"total_pack_energy\" is missing (and "
                              "so are nameplate_energy and the setting powerwall.capacity_wh)")});
}

TEST_F(ServiceE2E, DisconnectedCarIsNeverCommandedOrWoken) {
  db_.insert_battery(powerwall_flat(Flows{6000, 500, -5000}), utc_sql_time(-5));
  db_.insert_vehicle(vehicle_json(Car{"asleep", "Disconnected", 0, 16, 32, 10}), utc_sql_time(-5));
  start_service();
  auto r = get(root() + "/manage-vehicle");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["action"].as_string(), "none");
  EXPECT_EQ(r.json()["reason"].as_string(), "EV Disconnected");
  EXPECT_TRUE(fleet_.requests().empty());
  // The decision is still recorded: every decision with its inputs.
  EXPECT_EQ(db_.query("SELECT id FROM smart_charger_model").size(), 1u);
}

TEST_F(ServiceE2E, UnchangedAmpsAreNotResent) {
  // 0 W spare, car charging at 16 A and already requesting 16 A: nothing to send.
  db_.insert_battery(powerwall_flat(Flows{0, 0, 0, 0, 2000}), utc_sql_time(-5));
  db_.insert_vehicle(vehicle_json(Car{"online", "Charging", 16, 16, 32, 100}), utc_sql_time(-5));
  fleet_.with_car([](sim::TeslaCar& c) { c.state.charging_state = ChargingState::Charging; });
  start_service();
  auto r = get(root() + "/manage-vehicle");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["action"].as_string(), "none") << r.body;
  EXPECT_TRUE(fleet_.requests().empty());
}

TEST_F(ServiceE2E, ChargingCarBelowFiveAmpsIsStopped) {
  db_.insert_battery(powerwall_flat(Flows{0, 3000, 3000, 0, 2000}), utc_sql_time(-5));
  db_.insert_vehicle(vehicle_json(Car{"online", "Charging", 10, 10, 32, 100}), utc_sql_time(-5));
  fleet_.with_car([](sim::TeslaCar& c) { c.state.charging_state = ChargingState::Charging; });
  start_service();
  auto r = get(root() + "/manage-vehicle");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["action"].as_string(), "stop");
  EXPECT_EQ(fleet_calls(fleet_.requests()), std::vector<std::string>{"POST charge_stop 200"});
}

TEST_F(ServiceE2E, BatteryStatusReportsChargingWithTimeToFull) {
  db_.insert_battery(powerwall_flat(Flows{6000, 500, 0, -1500, 6000, 13500, 20}), utc_sql_time(-5));
  start_service();
  auto r = get(root() + "/battery-status");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["status"].as_string(), "Charging");
  EXPECT_DOUBLE_EQ(r.json()["time_to_full_h"].as_double(), 5.0);
}

TEST_F(ServiceE2E, PollStartsOnceRunsCyclesAndStops) {
  db_.insert_battery(powerwall_flat(Flows{6000, 500, -5000}), utc_sql_time(-5));
  db_.insert_vehicle(vehicle_json(Car{"online", "Disconnected"}), utc_sql_time(-5));
  start_service("poll:\n  interval_s: 1\n", false);
  EXPECT_EQ(get(root() + "/status-poll").status, 204);
  const auto began = std::chrono::steady_clock::now();
  auto first = get(root() + "/start-poll");
  EXPECT_TRUE(first.json()["started"].as_bool()) << first.body;
  EXPECT_FALSE(get(root() + "/start-poll").json()["started"].as_bool());
  ASSERT_TRUE(eventually([&] {
    auto s = get(root() + "/status-poll");
    return s.status == 200 && s.json()["cycles"].as_integer() >= 2;
  })) << service_->log();
  auto status = get(root() + "/status-poll");
  ASSERT_EQ(status.status, 200);
  EXPECT_TRUE(status.json()["running"].as_bool());
  EXPECT_GE(status.json()["cycles"].as_integer(), 2);
  EXPECT_EQ(status.json()["last_result"].as_string(), "ok");
  EXPECT_EQ(get("/healthcheck").status, 200);
  EXPECT_TRUE(get(root() + "/stop-poll").json()["stopped"].as_bool());
  const double ran_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
  auto after = get(root() + "/status-poll");
  EXPECT_FALSE(after.json()["running"].as_bool());
  // One loop only: one cycle at the start and one per 1 s interval, and one decision row per
  // cycle.
  auto cycles = after.json()["cycles"].as_integer();
  EXPECT_LE(cycles, static_cast<long long>(ran_s) + 1) << "ran " << ran_s << " s";
  EXPECT_EQ(db_.query("SELECT id FROM smart_charger_model").size(), static_cast<size_t>(cycles));
  auto metrics = get("/metrics").body;
  EXPECT_NE(metrics.find("p15_poll_cycles_total{result=\"ok\"} " + std::to_string(cycles)),
            std::string::npos)
      << metrics;
}

TEST_F(ServiceE2E, MetricsExposeTheDocumentedFamilies) {
  start_service();
  auto r = get("/metrics");
  ASSERT_EQ(r.status, 200);
  for (const char* name :
       {"p15_poll_cycles_total", "p15_poll_cycle_duration_seconds", "p15_decisions_total",
        "p15_vehicle_commands_total", "p15_vehicle_command_failures_total",
        "p15_vehicle_wake_ups_total", "p15_db_errors_total", "p15_data_age_seconds",
        "p15_charging_current_amperes", "p15_car_energy_joules_total",
        "p15_charging_cost_dollars_total", "p15_charging_baseline_cost_dollars_total",
        "p15_energy_ledger_write_failures_total"}) {
    EXPECT_NE(r.body.find(name), std::string::npos) << name;
  }
}

TEST(ServiceStartup, BadSettingStopsStartupNamingKeyAndFile) {
  std::string out;
  std::string path = std::string(P15_SOURCE_DIR) + "/tests/e2e/data/bad_port.yml";
  int code = run_service_once({"--config", path}, {}, out);
  EXPECT_EQ(code, 2);
  EXPECT_NE(out.find("service.port"), std::string::npos) << out;
  EXPECT_NE(out.find("bad_port.yml"), std::string::npos) << out;
}

TEST(ServiceStartup, EnvironmentOverrideIsValidatedToo) {
  std::string out;
  std::string path = std::string(P15_SOURCE_DIR) + "/config/config.yml";
  int code = run_service_once({"--config", path}, {{"P15_POLICY_NAME", "magic"}}, out);
  EXPECT_EQ(code, 2);
  EXPECT_NE(out.find("P15_POLICY_NAME"), std::string::npos) << out;
}

}  // namespace
}  // namespace p15::test
