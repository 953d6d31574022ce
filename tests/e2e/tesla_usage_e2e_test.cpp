// Tesla's bill this month as GET /tesla-usage tells it, against the simulator's own billing
// ledger: p15-sim plays Tesla's cloud, p15-collector reads the car through it and p15-service
// commands the car, both into one p15_tesla_usage; the sums equal what Tesla (the simulator)
// billed, category by category, and a restart of the service keeps them.
#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

#include "tests/e2e/lockstep.h"
#include "tests/support/http.h"
#include "tests/support/service_process.h"
#include "tests/support/subprocess.h"
#include "tests/support/test_db.h"

namespace p15::test {
namespace {

using web::json::value;

// The production topology, stepped from the test (sim and collector in --step-mode external).
struct BilledHome {
  TestDatabase db;
  TempDir dir{"p15-usage"};
  int fleet_port = free_port(), sim_port = free_port(), gateway_port = free_port();
  std::unique_ptr<BackgroundProcess> sim;
  std::unique_ptr<ServiceProcess> collector, service;

  std::string sim_url() const { return "http://127.0.0.1:" + std::to_string(sim_port); }

  std::string tesla_yaml() const {
    const std::string d = dir.path();
    const std::string fleet = "https://127.0.0.1:" + std::to_string(fleet_port);
    return "vehicle:\n  adapter: fleet\n  vin: \"5YJ3E1EA1KF000001\"\n  fleet_base_url: \"" +
           fleet + "\"\n  fleet_ca_file: \"" + d + "/tls/ca.pem\"\n  fleet_token_file: \"" + d +
           "/access-token\"\n  fleet_client_id: p15-sim\n  fleet_refresh_token_file: \"" + d +
           "/refresh-token\"\n  fleet_auth_url: \"" + fleet +
           "/oauth2/v3/token\"\n  request_timeout_s: 5\n  wake_timeout_s: 10\n"
           "clock:\n  source: simulator\n  simulator_url: \"" +
           sim_url() + "\"\n";
  }

  void start_sim() {
    const std::string d = dir.path();
    sim = std::make_unique<BackgroundProcess>(std::vector<std::string>{P15_SIM_BIN,
                                                                       "--fleet-port",
                                                                       std::to_string(fleet_port),
                                                                       "--http-port",
                                                                       std::to_string(sim_port),
                                                                       "--step-mode",
                                                                       "external",
                                                                       "--tick-s",
                                                                       "30",
                                                                       "--dataset",
                                                                       "opsd",
                                                                       "--start",
                                                                       "2016-06-15T10:00",
                                                                       "--plug",
                                                                       "always",
                                                                       "--car-soc",
                                                                       "40",
                                                                       "--powerwall-soc",
                                                                       "90",
                                                                       "--duration-h",
                                                                       "3",
                                                                       "--tls-dir",
                                                                       d + "/tls",
                                                                       "--issue-tokens",
                                                                       d,
                                                                       "--gateway-port",
                                                                       std::to_string(gateway_port),
                                                                       "--wake-delay-s",
                                                                       "0"},
                                              d + "/sim.log");
    for (int i = 0; i < 100 && !std::filesystem::exists(d + "/refresh-token"); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }

  void start_collector() {
    collector = std::make_unique<ServiceProcess>(
        P15_COLLECTOR_BIN,
        config_yaml(db.config(), 0,
                    tesla_yaml() +
                        "collector:\n  interval_s: 30\n  vehicle_refresh_s: 30\n"
                        "  gateway_url: \"https://127.0.0.1:" +
                        std::to_string(gateway_port) +
                        "\"\n  gateway_email: owner@example.com\n  gateway_ca_file: \"" +
                        dir.path() + "/tls/ca.pem\"\n"),
        std::map<std::string, std::string>{
            {"P15_COLLECTOR_GATEWAY_PASSWORD", "sim-gateway-password"}},
        std::vector<std::string>{"--step-mode", "external"});
  }

  void start_service() {
    service = std::make_unique<ServiceProcess>(
        config_yaml(db.config(), 0,
                    "poll:\n  autostart: false\n  stale_after_s: 600\npolicy:\n  name: smart\n"
                    "smart:\n  start_delay_s: 0\n" +
                        tesla_yaml() + "collector:\n  url: \"" + collector->base_url() + "\"\n"));
  }

  // One simulated step: the collector's round, then the service's cycle.
  void step(double seconds) {
    advance_sim(sim_url(), seconds);
    http_request("POST", collector->base_url() + "/collect", "", "", 30);
    http_get(service->base_url() + "/project_15th_street/manage-vehicle", 60);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }

  value usage() {
    return http_get(service->base_url() + "/project_15th_street/tesla-usage").json();
  }
  value billing() { return http_get(sim_url() + "/status").json().at("tesla_billing"); }
};

value category_of(const value& usage, const std::string& name) {
  for (const auto& c : usage.at("categories").as_array()) {
    if (c.at("category").as_string() == name) return c;
  }
  return value::null();
}

long long billed_by_sim(const value& billing, const std::string& name) {
  const value& cats = billing.at("categories");
  return cats.has_field(name) ? cats.at(name).at("billed").as_number().to_int64() : 0;
}

TEST(TeslaUsageE2E, BothProgramsRequestsEqualTheSimulatorsBillAndSurviveARestart) {
  BilledHome home;
  home.start_sim();
  home.start_collector();
  home.start_service();
  for (int i = 0; i < 8; ++i) home.step(300);

  // The simulator copies its ledger into /status on a tick: one more, with nobody asking Tesla.
  advance_sim(home.sim_url(), 30);
  const value billing = home.billing();
  const value usage = home.usage();
  std::cout << "simulator's bill: " << billing.serialize()
            << "\n/tesla-usage: " << usage.serialize() << "\n";
  ASSERT_TRUE(usage.has_field("categories")) << usage.serialize() << home.service->log();
  // Both programs sent billed requests: the collector reads the car (data), the service
  // commands it (command).
  EXPECT_GT(billed_by_sim(billing, "data"), 0);
  EXPECT_GT(billed_by_sim(billing, "command"), 0) << home.service->log();
  for (const char* c : {"command", "data", "wake"}) {
    EXPECT_EQ(category_of(usage, c).at("billed").as_number().to_int64(), billed_by_sim(billing, c))
        << c;
  }
  EXPECT_NEAR(usage.at("dollars").as_double(), billing.at("usd").as_double(), 1e-4);
  EXPECT_NEAR(usage.at("share_of_credit").as_double(), usage.at("dollars").as_double() / 10, 1e-9);
  EXPECT_NE(home.db.scalar("SELECT COUNT(DISTINCT category) FROM p15_tesla_usage"), "0");

  // A restart reads the month back instead of starting again from zero.
  home.service.reset();
  home.start_service();
  const value again = home.usage();
  EXPECT_EQ(again.at("dollars").as_double(), usage.at("dollars").as_double()) << again.serialize();
  for (const char* c : {"command", "data", "wake"}) {
    EXPECT_EQ(category_of(again, c).at("requests").as_number().to_int64(),
              category_of(usage, c).at("requests").as_number().to_int64())
        << c;
  }
}

}  // namespace
}  // namespace p15::test
