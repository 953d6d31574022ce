// Issue 15's proof: the production topology on a simulated home. p15-sim plays Tesla's cloud
// (tesla-http-proxy, the OAuth server, the car), the Powerwall gateway and the Wall Connector;
// p15-collector reads them and writes the rows; p15-service decides and commands the car. All
// three step together (sim and collector in --step-mode external), through a real MariaDB, over
// real HTTP(S) on loopback.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "tests/e2e/fault_matrix.h"
#include "tests/e2e/lockstep.h"
#include "tests/e2e/sim_home.h"
#include "tests/support/http.h"
#include "tests/support/service_process.h"
#include "tests/support/subprocess.h"
#include "tests/support/test_db.h"

namespace p15::test {
namespace {

constexpr double kStepS = 300;  // five simulated minutes per step
constexpr double kHours = 14;   // 03:00 to 17:00

struct Home : SimHome {
  Home() : SimHome("p15-home") {}

  void start() {
    start_sim({"--step-mode", "external", "--tick-s", "30", "--dataset", "opsd", "--start",
               "2016-06-15T03:00", "--plug", "always", "--car-soc", "40", "--powerwall-soc", "60",
               "--duration-h", std::to_string(kHours),
               // The service waits for a woken car on real time, while simulated time stands
               // still: the car comes online at once.
               "--wake-delay-s", "0"});
    start_collector({"--step-mode", "external"});
    service = std::make_unique<ServiceProcess>(
        config_yaml(db.config(), 0,
                    "poll:\n  interval_s: 1\n  stale_after_s: 60\n  autostart: false\n"
                    "policy:\n  name: smart\n" +
                        tesla_yaml(10) + "collector:\n  url: \"" + collector->base_url() + "\"\n"));
  }

  std::string metrics(ServiceProcess& p) { return http_get(p.base_url() + "/metrics").body; }
};

double sum_series(const std::string& text, const std::string& prefix) {
  std::istringstream in(text);
  std::string line;
  double total = 0;
  while (std::getline(in, line)) {
    if (line.rfind(prefix, 0) == 0) total += std::stod(line.substr(line.rfind(' ') + 1));
  }
  return total;
}

TEST(HomeDay, TheCarSleepsIsWokenOnceByTheServiceAndChargesFromSurplus) {
  Home home;
  home.start();
  const std::string sim_url = "http://127.0.0.1:" + std::to_string(home.sim_port);
  const std::string collect = home.collector->base_url() + "/collect";
  const std::string manage = home.service->base_url() + "/project_15th_street/manage-vehicle";
  web::json::value status;
  int failed_rounds = 0;
  const int steps = static_cast<int>(kHours * 3600 / kStepS);
  for (int i = 0; i < steps; ++i) {
    status = advance_sim(sim_url, kStepS);
    if (status.at("done").as_bool()) break;
    if (http_request("POST", collect, "", "", 30).status != 200) ++failed_rounds;
    http_get(manage, 60);
    // The service's follow-up request reaches the collector asynchronously.
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  const auto& car = status.at("car");
  const auto& e = status.at("energy");
  std::cout << "home day: " << status.serialize() << "\n";
  const std::string cm = home.metrics(*home.collector);
  const std::string sm = home.metrics(*home.service);
  EXPECT_EQ(failed_rounds, 0) << home.collector->log();
  // The car, idle and plugged in at night, fell asleep: the collector let it.
  EXPECT_GE(car.at("times_fell_asleep").as_integer(), 1) << home.collector->log();
  // Woken by the service only, once, when the sun came; the collector never wakes it.
  EXPECT_EQ(car.at("wake_ups").as_integer(), 1) << home.service->log();
  EXPECT_EQ(sum_series(cm, "p15_tesla_requests_total{category=\"wake\""), 0);
  EXPECT_EQ(sum_series(cm, "p15_tesla_requests_total{category=\"command\""), 0);
  // It charged, from the surplus rather than the grid.
  EXPECT_GT(e.at("car_kwh").as_double(), 5.0);
  EXPECT_LT(e.at("car_from_grid_kwh").as_double(), 0.1 * e.at("car_kwh").as_double());
  // The Powerwall came from the gateway, every round; the Wall Connector too.
  EXPECT_GE(status.at("gateway_requests").as_integer(), steps);
  EXPECT_GE(status.at("wall_connector_requests").as_integer(), steps - 2);
  // Tesla's bill for the day (collector + service), from the simulator's ledger, stays far
  // below a day's share of the $10 credit ($0.33).
  const double usd = status.at("tesla_billing").at("usd").as_double();
  std::cout << "Tesla's bill for the day: $" << usd << " (collector data requests "
            << sum_series(cm, "p15_tesla_requests_total{category=\"data\"") << ")\n";
  EXPECT_LT(usd, 0.33);
  // The access tokens (8 simulated hours) expired at 11:00: one of the two refreshed, the other
  // re-read the token file, and neither lost a round or a decision to it.
  const auto& categories = status.at("tesla_billing").at("categories");
  ASSERT_TRUE(categories.has_field("auth")) << status.serialize();
  EXPECT_GE(categories.at("auth").at("requests").as_integer(), 1);
  EXPECT_EQ(sum_series(sm, "p15_poll_cycles_total{result=\"db_error\""), 0);
  // The newest rows carry each part's age.
  const auto row = home.db.scalar("SELECT data FROM vehicle_model ORDER BY id DESC LIMIT 1");
  ASSERT_TRUE(row);
  EXPECT_NE(row->find("\"charge_state_age_s\""), std::string::npos) << *row;
  EXPECT_NE(row->find("\"wall_connector\""), std::string::npos) << *row;
  const auto pw = home.db.scalar("SELECT data FROM battery_model ORDER BY id DESC LIMIT 1");
  ASSERT_TRUE(pw);
  EXPECT_NE(pw->find("\"age_s\""), std::string::npos) << *pw;
}

}  // namespace
}  // namespace p15::test
