// GET /savings end to end: rows in the real MariaDB, cycles through the real p15-service over
// HTTP, then the ledger's figures checked against the same sums worked out by hand.
#include <gtest/gtest.h>

#include <atomic>

#include "api/json_mapping.h"
#include "service/core/time_text.h"
#include "sim/sim_report.h"
#include "sim/status_server.h"
#include "tests/e2e/fixtures.h"

namespace p15::test {
namespace {

constexpr double kImport = 0.2291, kExport = 0.062, kRte = 0.9;
constexpr double kJPerKwh = 3.6e6;

class SavingsE2E : public ServiceE2E {
 protected:
  // The service on a home clock the test moves: p15-sim's /status, played by its own status
  // server, so the time between two cycles is the test's to set instead of to sleep out.
  void start_on_test_clock(const std::string& extra_yaml) {
    start_service(extra_yaml + "clock:\n  source: simulator\n  simulator_url: \"http://127.0.0.1:" +
                      std::to_string(home_clock_.port()) + "\"\n",
                  false);
  }
  // Rows a second old, so the cycle trusts them.
  void rows(const Flows& f, const Car& c) {
    db_.insert_battery(powerwall_flat(f), utc_sql_time(-1));
    db_.insert_vehicle(vehicle_json(c), utc_sql_time(-1));
  }
  void cycle() {
    auto r = get(root() + "/set-charging-amps");
    ASSERT_EQ(r.status, 200) << r.body;
  }
  // More than savings.max_gap_s (2 s) between two cycles on the home's clock: each interval
  // then counts exactly 2 s, whatever the machine's speed.
  void wait_past_gap() { home_s_ += 3; }

  std::atomic<long long> home_s_{
      std::chrono::time_point_cast<Seconds>(std::chrono::system_clock::now())
          .time_since_epoch()
          .count()};
  sim::StatusServer home_clock_{0, [this] {
                                  sim::SimStats stats;
                                  stats.sim_utc = TimePoint{Seconds{home_s_.load()}};
                                  return sim::status_json(stats, sim::SimConfig{}, "flat");
                                }};
};

void expect_period(const web::json::value& p, long long cycles, double solar_kwh, double pw_kwh,
                   double grid_kwh) {
  const double car = solar_kwh + pw_kwh + grid_kwh;
  const double grid_cost = grid_kwh * kImport;
  const double forgone = solar_kwh * kExport;
  const double pw_value = pw_kwh * kExport / kRte;
  const double cost = grid_cost + forgone + pw_value;
  const double baseline = car * kImport;  // flat: charge-now pays the one import price
  EXPECT_EQ(p.at("cycles").as_integer(), cycles);
  const double tol = 1e-6;  // the answer is rounded to 6 decimals
  EXPECT_NEAR(p.at("car_kwh").as_double(), car, tol);
  EXPECT_NEAR(p.at("solar_kwh").as_double(), solar_kwh, tol);
  EXPECT_NEAR(p.at("powerwall_kwh").as_double(), pw_kwh, tol);
  EXPECT_NEAR(p.at("grid_kwh").as_double(), grid_kwh, tol);
  EXPECT_NEAR(p.at("grid_cost").as_double(), grid_cost, tol);
  EXPECT_NEAR(p.at("export_forgone").as_double(), forgone, tol);
  EXPECT_NEAR(p.at("powerwall_value").as_double(), pw_value, tol);
  EXPECT_NEAR(p.at("cost").as_double(), cost, tol);
  EXPECT_NEAR(p.at("baseline_cost").as_double(), baseline, tol);
  EXPECT_NEAR(p.at("saving").as_double(), baseline - cost, tol);
}

TEST_F(SavingsE2E, CyclesAreCostedAndSummed) {
  start_on_test_clock("savings:\n  max_gap_s: 2\n");
  auto empty = get(root() + "/savings");
  ASSERT_EQ(empty.status, 200) << empty.body;
  expect_period(empty.json()["total"], 0, 0, 0, 0);
  EXPECT_EQ(empty.json()["tariff"].as_string(), "flat");
  EXPECT_EQ(empty.json()["zone"].as_string(), "America/Los_Angeles");
  EXPECT_EQ(empty.json()["baseline"].as_string(), "charge-now");

  // Noon: 16 A x 240 V = 3840 W into the car; the house's 1000 W come first out of 6000 W of
  // solar, so all 3840 W are solar.
  const Car charging{"online", "Charging", 16, 16, 32, 100};
  rows(Flows{6000, 4840, -1160, 0}, charging);
  cycle();  // the first cycle only starts the count
  wait_past_gap();
  cycle();  // 2 s x 3840 W = 7680 J of solar
  // Evening: no sun, the Powerwall gives 3000 W of which the house takes 1000 W; the car gets
  // 2000 W from it and 1840 W from the grid.
  rows(Flows{0, 4840, 1840, 3000}, charging);
  wait_past_gap();
  cycle();  // 2 s: 4000 J from the Powerwall, 3680 J from the grid

  auto r = get(root() + "/savings");
  ASSERT_EQ(r.status, 200) << r.body;
  const auto body = r.json();
  expect_period(body.at("total"), 3, 7680 / kJPerKwh, 4000 / kJPerKwh, 3680 / kJPerKwh);
  expect_period(body.at("month"), 3, 7680 / kJPerKwh, 4000 / kJPerKwh, 3680 / kJPerKwh);
  // Unless the run straddled midnight Pacific, today holds every row too.
  const auto first = db_.scalar("SELECT MIN(`timestamp`) FROM p15_energy_ledger").value();
  const std::string today_from = body.at("today").at("from").as_string();  // ISO, UTC
  std::string from_sql = today_from.substr(0, 10) + " " + today_from.substr(11, 8);
  if (from_sql <= first) {
    expect_period(body.at("today"), 3, 7680 / kJPerKwh, 4000 / kJPerKwh, 3680 / kJPerKwh);
  }

  // One ledger row per recorded decision, each naming it.
  auto ledger = db_.query(
      "SELECT l.decision_id, d.id, l.elapsed_s FROM p15_energy_ledger l "
      "LEFT JOIN smart_charger_model d ON d.id = l.decision_id ORDER BY l.id");
  ASSERT_EQ(ledger.size(), 3u);
  for (const auto& row : ledger) EXPECT_EQ(row[0], row[1]);
  EXPECT_EQ(ledger[0][2], "0");
  EXPECT_EQ(ledger[1][2], "2");
  EXPECT_EQ(ledger[2][2], "2");

  const std::string metrics = get("/metrics").body;
  for (const char* line : {"p15_car_energy_joules_total{source=\"solar\"} 7680",
                           "p15_car_energy_joules_total{source=\"powerwall\"} 4000",
                           "p15_car_energy_joules_total{source=\"grid\"} 3680",
                           "p15_energy_ledger_write_failures_total 0"}) {
    EXPECT_NE(metrics.find(line), std::string::npos) << line << "\n" << metrics;
  }
}

TEST_F(SavingsE2E, TouNbtTariffFromConfigPricesTheRows) {
  // A one-hour NBT file: the export price is 0.05 $/kWh this hour; import is the TOU profile.
  const TimePoint hour = std::chrono::floor<std::chrono::hours>(std::chrono::system_clock::now());
  std::string json = "[";
  for (int h = -1; h <= 1; ++h) {
    json += std::string(h == -1 ? "" : ",") + R"({"start":")" +
            format_utc(hour + std::chrono::hours{h}) + R"(","price":0.05})";
  }
  TempDir dir{"p15-savings-nbt"};
  const std::string nbt = dir.write("nbt.json", json + "]");
  start_on_test_clock(
      "savings:\n  max_gap_s: 2\ntariff:\n  name: tou-nbt\n  nbt_export_file: " + nbt + "\n");
  rows(Flows{6000, 4840, -1160, 0}, Car{"online", "Charging", 16, 16, 32, 100});
  cycle();
  wait_past_gap();
  cycle();
  auto r = get(root() + "/savings");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["tariff"].as_string(), "tou-nbt");
  const double solar = 7680 / kJPerKwh;
  EXPECT_NEAR(r.json()["total"]["export_forgone"].as_double(), solar * 0.05, 1e-6);
  const auto import_now =
      db_.scalar("SELECT import_price FROM p15_energy_ledger WHERE elapsed_s = 2");
  ASSERT_TRUE(import_now.has_value());
  // E-TOU-C-like: 0.46 .. 0.60 $/kWh whatever the hour and season.
  EXPECT_GE(std::stod(*import_now), 0.46);
  EXPECT_LE(std::stod(*import_now), 0.60);
  EXPECT_NEAR(r.json()["total"]["baseline_cost"].as_double(), solar * std::stod(*import_now), 1e-6);
}

TEST_F(SavingsE2E, DatabaseDownIs503) {
  const int closed = free_port();
  service_ = std::make_unique<ServiceProcess>(
      "database:\n  host: 127.0.0.1\n  port: " + std::to_string(closed) +
      "\n  connect_timeout_s: 1\n");
  auto r = get(root() + "/savings");
  ASSERT_EQ(r.status, 503) << r.body;
  EXPECT_EQ(r.json()["kind"].as_string(), "unavailable");
  EXPECT_NE(r.json()["error"].as_string().find("127.0.0.1:" + std::to_string(closed)),
            std::string::npos)
      << r.body;
}

TEST(SavingsStartup, MissingNbtFileStopsStartupNamingKeyAndFile) {
  std::string out;
  const std::string path = std::string(P15_SOURCE_DIR) + "/config/config.yml";
  int code = run_service_once(
      {"--config", path},
      {{"P15_TARIFF_NAME", "tou-nbt"}, {"P15_TARIFF_NBT_EXPORT_FILE", "/nonexistent/nbt.json"}},
      out);
  EXPECT_EQ(code, 2);
  EXPECT_NE(out.find("config.yml: tariff.nbt_export_file"), std::string::npos) << out;
  EXPECT_NE(out.find("/nonexistent/nbt.json"), std::string::npos) << out;
}

}  // namespace
}  // namespace p15::test
