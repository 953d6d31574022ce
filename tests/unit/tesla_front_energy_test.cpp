// The simulator's Fleet API answers the energy-site reads as Tesla does (domain.md 6a): the
// site in /api/1/products, live_status with Tesla's signs, site_info's settings, and the same
// token and rate-limit checks as the car's endpoints, billed as energy data.
#include <cpprest/json.h>
#include <gtest/gtest.h>

#include "collector/fleet_sources.h"
#include "sim/tesla_front.h"

namespace p15::sim {
namespace {

const TimePoint now{Seconds{1'780'000'000}};

struct EnergyCase {
  std::string name;
  std::string path;
  std::string authorization;
  int answer_429;
  int want_status;
  TeslaCategory want_category;
  std::string want_in_body;
};

class EnergyEndpoints : public ::testing::TestWithParam<EnergyCase> {};

TEST_P(EnergyEndpoints, AnswerAsFleetDoes) {
  const auto& c = GetParam();
  TeslaAuth auth{AuthSettings{}};
  auth.accept_static("tok");
  TeslaFront front(FrontSettings{}, TeslaCar{}, auth);
  front.energy_site().home.flows = HomeFlows{5700, 850, -1200, -3650, 0};
  front.energy_site().home.app_percent = 70.5;
  front.faults().answer_429 = c.answer_429;
  const TeslaAnswer a =
      front.handle(TeslaRequest{"GET", c.path, "", "", c.authorization, "application/json"}, now);
  EXPECT_EQ(a.status, c.want_status) << a.body;
  EXPECT_EQ(a.category, c.want_category);
  EXPECT_NE(a.body.find(c.want_in_body), std::string::npos) << a.body;
  EXPECT_EQ(front.ledger().requests(c.want_category), 1);
}

const std::string site = "/api/1/energy_sites/1689463532";
INSTANTIATE_TEST_SUITE_P(
    Cases, EnergyEndpoints,
    ::testing::Values(EnergyCase{"products_name_the_site", "/api/1/products", "Bearer tok", 0, 200,
                                 TeslaCategory::Data, "\"energy_site_id\":1689463532"},
                      EnergyCase{"live_status_grid_export_is_negative", site + "/live_status",
                                 "Bearer tok", 0, 200, TeslaCategory::EnergyData,
                                 "\"grid_power\":-3650"},
                      EnergyCase{"site_info_reserve_and_nameplate", site + "/site_info",
                                 "Bearer tok", 0, 200, TeslaCategory::EnergyData,
                                 "\"nameplate_energy\":13500"},
                      EnergyCase{"another_site_is_not_found", "/api/1/energy_sites/7/live_status",
                                 "Bearer tok", 0, 404, TeslaCategory::EnergyData, "not_found"},
                      EnergyCase{"a_bad_token_is_401", site + "/live_status", "Bearer nope", 0, 401,
                                 TeslaCategory::EnergyData, ""},
                      EnergyCase{"rate_limited_like_the_car", site + "/live_status", "Bearer tok",
                                 1, 429, TeslaCategory::EnergyData, "Retry in"}),
    [](const auto& info) { return info.param.name; });

TEST(EnergyEndpointsRead, TheCollectorParsesWhatTheFrontAnswers) {
  TeslaAuth auth{AuthSettings{}};
  auth.accept_static("tok");
  TeslaFront front(FrontSettings{}, TeslaCar{}, auth);
  front.energy_site().home.flows = HomeFlows{5700, 850, -1200, -3650, 0};
  front.energy_site().home.app_percent = 70.5;
  auto get = [&](const std::string& path) {
    const auto body = web::json::value::parse(
        front.handle(TeslaRequest{"GET", path, "", "", "Bearer tok", ""}, now).body);
    return body.at("response").serialize();
  };
  auto live = collector::parse_live_status(get(site + "/live_status"), now);
  ASSERT_TRUE(live) << live.error().message;
  EXPECT_DOUBLE_EQ(live->battery_w, -1200);
  EXPECT_DOUBLE_EQ(live->percentage_charged, 70.5);
  auto info = collector::parse_site_info(get(site + "/site_info"), now);
  ASSERT_TRUE(info) << info.error().message;
  EXPECT_DOUBLE_EQ(info->backup_reserve_percent, 20);
  auto id = collector::energy_site_from_products(get("/api/1/products"));
  ASSERT_TRUE(id) << id.error().message;
  EXPECT_EQ(*id, "1689463532");
}

}  // namespace
}  // namespace p15::sim
