// The simulator's Powerwall gateway and Wall Connector answer as the real ones do (sources in
// sim/home_devices.cpp): the customer login and its cookie, the soe scale, the vitals.
#include <cpprest/json.h>
#include <gtest/gtest.h>

#include "sim/home_devices.h"

namespace p15::sim {
namespace {

const TimePoint t0 = TimePoint{} + Seconds{1'466'000'000};

HomeReadings home() {
  HomeReadings h;
  h.flows = HomeFlows{5700, 850, -1200, -3650, 0};
  h.app_percent = 50;
  h.reserve_percent = 20;
  h.plugged = true;
  h.charging = true;
  h.car_amps = 16;
  h.session_s = 1200;
  return h;
}

DeviceRequest login_request(const std::string& password) {
  return DeviceRequest{"POST", "/api/login/Basic",
                       R"({"username":"customer","email":"owner@example.com","password":")" +
                           password + R"(","force_sm_off":false})",
                       "", ""};
}

std::string cookie_of(const DeviceAnswer& a) {
  for (const auto& [k, v] : a.headers) {
    if (k == "Set-Cookie" && v.rfind("AuthCookie=", 0) == 0) return v.substr(0, v.find(';'));
  }
  return "";
}

struct GatewayCase {
  std::string name;
  std::string password;
  long long later_s;  // when the GET comes after the login
  std::string path;
  int want_status;
  std::string want_in_body;
};

class GatewayFrontCase : public ::testing::TestWithParam<GatewayCase> {};

TEST_P(GatewayFrontCase, AnswersAsTheGatewayDoes) {
  const auto& c = GetParam();
  GatewayFront g("owner@example.com", "right", Seconds{3600});
  const DeviceAnswer login = g.handle(login_request(c.password), t0, home());
  const DeviceAnswer a = g.handle(DeviceRequest{"GET", c.path, "", cookie_of(login), ""},
                                  t0 + Seconds{c.later_s}, home());
  EXPECT_EQ(a.status, c.want_status) << a.body;
  EXPECT_NE(a.body.find(c.want_in_body), std::string::npos) << a.body;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, GatewayFrontCase,
    ::testing::Values(GatewayCase{"aggregates_with_teslas_signs", "right", 10,
                                  "/api/meters/aggregates", 200, R"("instant_power":-3650)"},
                      GatewayCase{"soe_on_the_gateway_scale", "right", 10, "/api/system_status/soe",
                                  200, R"({"percentage":52.5})"},
                      GatewayCase{"reserve_on_the_gateway_scale", "right", 10, "/api/operation",
                                  200, R"("backup_reserve_percent":24)"},
                      GatewayCase{"grid_status", "right", 10, "/api/system_status/grid_status", 200,
                                  "SystemGridConnected"},
                      GatewayCase{"wrong_password_no_session", "wrong", 10,
                                  "/api/meters/aggregates", 401, "Invalid bearer token"},
                      GatewayCase{"the_session_expires", "right", 3600, "/api/meters/aggregates",
                                  401, "Invalid bearer token"},
                      GatewayCase{"unknown_path", "right", 10, "/api/nothing", 404, "not found"}),
    [](const auto& info) { return info.param.name; });

TEST(GatewayFrontLogin, RefusedPasswordsLockTheLoginOutForAWhile) {
  GatewayFront g("owner@example.com", "right", Seconds{3600});
  for (int i = 0; i < 5; ++i) EXPECT_EQ(g.handle(login_request("wrong"), t0, home()).status, 401);
  EXPECT_EQ(g.handle(login_request("right"), t0 + Seconds{10}, home()).status, 429);
  EXPECT_EQ(g.handle(login_request("right"), t0 + Seconds{400}, home()).status, 200);
  g.refuse_password = true;
  EXPECT_EQ(g.handle(login_request("right"), t0 + Seconds{500}, home()).status, 401);
}

TEST(GatewayFrontLogin, ABearerTokenWorksLikeTheCookie) {
  GatewayFront g("owner@example.com", "right", Seconds{3600});
  const auto login = web::json::value::parse(g.handle(login_request("right"), t0, home()).body);
  const std::string token = login.at("token").as_string();
  const DeviceAnswer a = g.handle(
      DeviceRequest{"GET", "/api/system_status/soe", "", "", "Bearer " + token}, t0, home());
  EXPECT_EQ(a.status, 200);
}

TEST(WallConnectorFront, VitalsFollowThePlugAndTheCurrent) {
  HomeReadings h = home();
  auto v = web::json::value::parse(
      wall_connector_answer(DeviceRequest{"GET", "/api/1/vitals", "", "", ""}, h).body);
  EXPECT_TRUE(v.at("vehicle_connected").as_bool());
  EXPECT_TRUE(v.at("contactor_closed").as_bool());
  EXPECT_EQ(v.at("vehicle_current_a").as_double(), 16);
  EXPECT_EQ(v.at("session_s").as_integer(), 1200);
  h.plugged = false;
  h.charging = false;
  v = web::json::value::parse(
      wall_connector_answer(DeviceRequest{"GET", "/api/1/vitals", "", "", ""}, h).body);
  EXPECT_FALSE(v.at("vehicle_connected").as_bool());
  EXPECT_EQ(v.at("vehicle_current_a").as_double(), 0);
  EXPECT_EQ(wall_connector_answer(DeviceRequest{"GET", "/api/1/wifi_status", "", "", ""}, h).status,
            404);
}

}  // namespace
}  // namespace p15::sim
