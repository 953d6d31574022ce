// Tesla's bill this month as GET /tesla-usage tells it, against the simulator's own billing
// ledger: p15-sim plays Tesla's cloud, p15-collector reads the car through it and p15-service
// commands the car, both into one p15_tesla_usage; the sums equal what Tesla (the simulator)
// billed, category by category, and a restart of the service keeps them.
#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

#include "tests/e2e/lockstep.h"
#include "tests/e2e/sim_home.h"
#include "tests/support/http.h"
#include "tests/support/service_process.h"
#include "tests/support/subprocess.h"
#include "tests/support/test_db.h"

namespace p15::test {
namespace {

using web::json::value;

// The production topology, stepped from the test (sim and collector in --step-mode external).
struct BilledHome : SimHome {
  BilledHome() : SimHome("p15-usage") {}

  std::string sim_url() const { return "http://127.0.0.1:" + std::to_string(sim_port); }
  std::string tesla_yaml() const { return SimHome::tesla_yaml(10); }

  void start_sim() {
    SimHome::start_sim({"--step-mode", "external", "--tick-s", "30", "--dataset", "opsd", "--start",
                        "2016-06-15T10:00", "--plug", "always", "--car-soc", "40",
                        "--powerwall-soc", "90", "--duration-h", "3", "--wake-delay-s", "0"});
  }

  void start_collector() {
    SimHome::start_collector({"--step-mode", "external"}, "  vehicle_refresh_s: 30\n");
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
