// The service with powerwall.steer against the fake Fleet API (sim/tesla_front.h) and a real
// MariaDB: a hold that a crash left on the energy site ends at the next start-up, and a clean
// stop leaves the owner's settings in force, with no needless settings request.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "service/store/steward_book.h"
#include "tests/e2e/fixtures.h"

namespace p15::test {
namespace {

const std::string kSteer = "policy:\n  name: planner\npowerwall:\n  steer: true\n";

SiteSettings owners() {
  return SiteSettings{OperationMode::SelfPowered, 20, false, ExportRule::PvOnly};
}

class PowerwallSteeringE2E : public ServiceE2E {
 protected:
  void site(const SiteSettings& s) {
    fleet_.with_front([&](sim::TeslaFront& f) { f.energy_site().settings = s; });
  }
  SiteSettings site() {
    SiteSettings s;
    fleet_.with_front([&](sim::TeslaFront& f) { s = f.energy_site().settings; });
    return s;
  }
  std::vector<sim::FleetRequest> settings_posts() {
    std::vector<sim::FleetRequest> out;
    for (const auto& r : fleet_.requests()) {
      if (r.method == "POST" && r.path.find("/energy_sites/") != std::string::npos)
        out.push_back(r);
    }
    return out;
  }
  bool wait_for_reserve(double reserve) {
    for (int i = 0; i < 100; ++i) {
      if (site().reserve_percent == reserve) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }
};

TEST_F(PowerwallSteeringE2E, AHoldLeftByACrashEndsAtTheNextStart) {
  SiteSettings held = owners();
  held.reserve_percent = 70;
  site(held);
  StewardState saved;
  saved.owner = owners();
  saved.site = held;
  db_.exec("INSERT INTO p15_site_steward (site, state, updated_at) VALUES ('default', '" +
           steward_json(saved) + "', UTC_TIMESTAMP())");
  start_service(kSteer);
  ASSERT_TRUE(wait_for_reserve(20)) << "the site still holds " << site().reserve_percent;
  const auto posts = settings_posts();
  ASSERT_EQ(posts.size(), 1u);
  EXPECT_EQ(posts[0].path, "/api/1/energy_sites/1689463532/backup");
  EXPECT_EQ(posts[0].body, R"({"backup_reserve_percent":20})");
  auto rows = db_.query(
      "SELECT JSON_EXTRACT(state, '$.site.backup_reserve_percent') FROM p15_site_steward");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][0].value(), "20") << "the read-back is saved";
  EXPECT_EQ(service_->stop(), 0);
  EXPECT_EQ(settings_posts().size(), 1u) << "the owner's settings in force: nothing to restore";
}

}  // namespace
}  // namespace p15::test
