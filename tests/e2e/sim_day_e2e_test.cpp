// Issue 4's proof: p15-sim (the home, the car and the fake Fleet API) and p15-service wired
// together through a real MariaDB, a simulated day in lockstep (tests/e2e/lockstep.h), judged on
// outcomes.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "tests/e2e/lockstep.h"
#include "tests/support/http.h"
#include "tests/support/service_process.h"
#include "tests/support/subprocess.h"
#include "tests/support/test_db.h"

#ifndef P15_SIM_BIN
#error "P15_SIM_BIN must name the p15-sim binary"
#endif

namespace p15::test {
namespace {

constexpr int kMaxWakesPerHour = 3;

struct DayRun {
  web::json::value status;  // the simulator's final /status
  std::string service_log;
};

// One simulated day (a June day in the OPSD home, car home 18:00-07:30, starting low), the
// service deciding every 24 simulated minutes, as a 1 s poll did at x1440.
constexpr double kStepS = 1440;
constexpr double kHours = 24;
DayRun run_day(TestDatabase& db, const std::string& policy) {
  const std::string token = "sim-day-token";
  int fleet_port = free_port();
  int sim_port = free_port();
  DatabaseConfig c = db.config();
  TempDir dir("p15-simday");
  std::string token_file = dir.write("token", token);
  BackgroundProcess sim(
      {P15_SIM_BIN, "--direct-rows", "--db-host", c.host, "--db-port", std::to_string(c.port),
       "--db-user", c.user, "--db-name", c.name, "--fleet-port", std::to_string(fleet_port),
       "--fleet-token-file", token_file, "--http-port", std::to_string(sim_port), "--step-mode",
       "external", "--tick-s", "30", "--dataset", "opsd", "--start", "2016-06-15T06:00", "--plug",
       "schedule", "--car-soc", "15", "--duration-h", std::to_string(kHours), "--seed", "7",
       // tesla-http-proxy's HTTPS with its own CA, as the service meets it for real.
       "--tls-dir", dir.path() + "/tls",
       // Simulated time stands still while the service waits for a woken car (on real time):
       // the car is online as soon as it is woken, as it had to be at x1440 too, where each
       // second of that wait was 24 simulated minutes.
       "--wake-delay-s", "0",
       // The day starts at 06:00 with the car asleep in the garage, as a real one would be.
       "--car-asleep"},
      dir.path() + "/sim.log");
  for (int i = 0; i < 50 && !std::filesystem::exists(dir.path() + "/tls/ca.pem"); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  ServiceProcess service(
      config_yaml(c, 0,
                  "poll:\n  interval_s: 1\n  stale_after_s: 30\n  autostart: false\n"
                  "policy:\n  name: " +
                      policy +
                      "\n"
                      "vehicle:\n  adapter: fleet\n  vin: \"5YJ3E1EA1KF000001\"\n"
                      "  fleet_base_url: \"https://127.0.0.1:" +
                      std::to_string(fleet_port) +
                      "\"\n"
                      "  fleet_ca_file: \"" +
                      dir.path() +
                      "/tls/ca.pem\"\n"
                      "  max_wakes_per_hour: " +
                      std::to_string(kMaxWakesPerHour) +
                      "\n  wake_timeout_s: 10\n  request_timeout_s: 3\n"),
      {{"P15_VEHICLE_FLEET_TOKEN", token}});
  const std::string sim_url = "http://127.0.0.1:" + std::to_string(sim_port);
  DayRun run;
  // The simulator's answer to the step that ends the day is its final /status.
  const auto started = std::chrono::steady_clock::now();
  const int steps = static_cast<int>(kHours * 3600 / kStepS);
  const Lockstep day = run_lockstep(
      sim_url, service.base_url() + "/project_15th_street/manage-vehicle", kStepS, steps + 1);
  std::cout << "simulated day (" << policy << "): " << day.steps << " steps in "
            << std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count()
            << " s real, " << day.failed_decisions << " decisions not answered 200\n";
  run.status = day.status;
  run.service_log = service.log();
  if (!run.status.has_field("simulated_hours")) {
    throw std::runtime_error("p15-sim gave no status; its log:\n" + sim.log());
  }
  EXPECT_GE(run.status["simulated_hours"].as_double(), 23.5) << "the simulated day did not finish\n"
                                                             << sim.log();
  return run;
}

TEST(SimulatedDay, LegacyChargesFromSurplusAndBatteryOnlyAndSpendsLittle) {
  TestDatabase db;
  DayRun day = run_day(db, "legacy");
  const auto& s = day.status;
  const auto& e = s.at("energy");
  const auto& car = s.at("car");
  std::cout << "simulated day (legacy): " << s.serialize() << "\n";
  // The Powerwall never went below its reserve (the simulator flags any discharge below it).
  EXPECT_FALSE(s.at("powerwall").at("went_below_reserve").as_bool());
  // No command reached a car that was unplugged.
  EXPECT_EQ(car.at("commands_while_disconnected").as_integer(), 0);
  // Wake-ups within the budget: the budget counts on the service's clock, real time here, and
  // the whole day runs in seconds, under one budget hour (~60 s when paced at x1440).
  EXPECT_LE(car.at("wake_ups").as_integer(), kMaxWakesPerHour);
  // The car charged, and from surplus solar or the Powerwall above its reserve, not the grid:
  // the grid share is what a 24-simulated-minute poll lag lets through at a transition.
  double car_kwh = e.at("car_kwh").as_double();
  double grid_kwh = e.at("car_from_grid_kwh").as_double();
  EXPECT_GT(car_kwh, 1.0);
  EXPECT_LT(grid_kwh, 0.15 * car_kwh) << "car energy from the grid";
  // Every decision was recorded, and far fewer commands than decisions were needed.
  auto decisions = std::stoll(db.scalar("SELECT COUNT(*) FROM smart_charger_model").value());
  EXPECT_GT(decisions, 30);
  EXPECT_LT(car.at("commands").as_integer(), decisions / 2);
}

}  // namespace
}  // namespace p15::test
