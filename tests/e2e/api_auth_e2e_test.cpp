// The bearer token over real HTTP: every route with no token, a wrong one and the right one; what a
// refused call leaves behind (no decision row, no command, nothing in the log); the refusal to
// bind beyond loopback without a token, and the token read from a file.
#include <gtest/gtest.h>

#include "tests/e2e/fixtures.h"

namespace p15::test {
namespace {

constexpr const char* kApiToken = "api-7f3e9c1d5b2a4e6f8091a2b3c4d5e6f7";
constexpr const char* kWrongToken = "wrong-0a1b2c3d4e5f";

struct RouteCase {
  std::string path;  // below the root unless it starts with "//" (then at the host's root)
  bool guarded;
  int open_status;  // what it answers when allowed, with fresh rows and adapter none
};

class AuthE2E : public ServiceE2E {
 protected:
  void start_with_token() {
    Flows f{6000, 500, -5000, -500};
    db_.insert_battery(powerwall_flat(f), utc_sql_time(-2));
    db_.insert_vehicle(vehicle_json(Car{}), utc_sql_time(-2));
    start_service("poll:\n  interval_s: 60\n", false, {{"P15_SERVICE_API_TOKEN", kApiToken}});
  }
  std::string url(const std::string& path) const {
    return service_->base_url() + (path.rfind("//", 0) == 0 ? path.substr(1) : root() + path);
  }
  HttpResult call(const std::string& method, const std::string& path, const std::string& token) {
    std::map<std::string, std::string> headers;
    if (!token.empty()) headers["Authorization"] = "Bearer " + token;
    return http_request_with_headers(method, url(path), headers);
  }
  size_t decisions() { return db_.query("SELECT id FROM smart_charger_model").size(); }
};

// In this order: start-poll before status-poll (200 once started), stop-poll last.
const std::vector<RouteCase> kRoutes = {
    {"/", false, 200},
    {"/battery-status", false, 200},
    {"/set-charging-amps", true, 200},
    {"/manage-vehicle", true, 200},
    {"/start-poll", true, 200},
    {"/status-poll", false, 200},
    {"/stop-poll", true, 200},
    {"//healthcheck", false, 200},
    {"//metrics", false, 200},
};

TEST_F(AuthE2E, GuardedRoutesAnswer401WithoutTheRightTokenAndOpenOnesAnswerAnyone) {
  start_with_token();
  for (const auto& r : kRoutes) {
    for (const char* token : {"", kWrongToken}) {
      auto res = call("GET", r.path, token);
      if (r.guarded) {
        EXPECT_EQ(res.status, 401) << r.path << " token=\"" << token << "\" " << res.body;
        EXPECT_EQ(res.header("WWW-Authenticate").rfind("Bearer", 0), 0u) << r.path;
        EXPECT_EQ(res.content_type, "application/json") << r.path;
        EXPECT_FALSE(res.json()["error"].as_string().empty()) << r.path;
      } else if (r.path != "/status-poll") {  // 204 until a poll starts
        EXPECT_EQ(res.status, r.open_status) << r.path << " " << res.body;
      }
    }
  }
  // Refused calls recorded nothing and started nothing.
  EXPECT_EQ(decisions(), 0u);
  EXPECT_EQ(get(root() + "/status-poll").status, 204);

  for (const auto& r : kRoutes) {
    auto res = call("GET", r.path, kApiToken);
    EXPECT_EQ(res.status, r.open_status) << r.path << " " << res.body;
  }
  EXPECT_EQ(decisions(), 3u) << "set-charging-amps, manage-vehicle and the poll's first cycle";
}

TEST_F(AuthE2E, AnyOtherMethodIsRefusedAndNoRouteSeesIt) {
  start_with_token();
  // No non-GET route exists yet: every such call ends in 405 (or 404), never in a handler.
  for (const char* method : {"POST", "PUT", "DELETE", "PATCH"}) {
    for (const char* path : {"/start-poll", "/battery-status", "//healthcheck"}) {
      auto res = call(method, path, "");
      EXPECT_EQ(res.status, 405) << method << " " << path << " " << res.body;
      EXPECT_EQ(res.header("Allow"), "GET") << method << " " << path;
    }
    EXPECT_EQ(call(method, "/no-such-route", "").status, 404) << method;
  }
  EXPECT_EQ(decisions(), 0u);
}

TEST_F(AuthE2E, TheTokenNeverReachesTheLogNorAnAnswer) {
  start_with_token();
  for (const auto& r : kRoutes) {
    for (const char* token : {"", kWrongToken, kApiToken}) {
      auto res = call("GET", r.path, token);
      EXPECT_EQ(res.body.find(kApiToken), std::string::npos) << r.path;
      EXPECT_EQ(res.body.find(kWrongToken), std::string::npos) << r.path;
    }
  }
  std::string log = service_->log();
  // The fixture logs at debug, which dumps the whole configuration: masked.
  EXPECT_NE(log.find("service.api_token: ***"), std::string::npos) << log;
  EXPECT_NE(log.find("auth=bearer"), std::string::npos) << log;
  EXPECT_NE(log.find("status=401"), std::string::npos) << "the refusals are logged";
  EXPECT_EQ(log.find(kApiToken), std::string::npos) << "the token is in the log";
  EXPECT_EQ(log.find(kWrongToken), std::string::npos) << "a presented token is in the log";
}

TEST_F(AuthE2E, TokenFromAFileAllowsBindingEveryInterface) {
  TempDir dir;
  std::string file = dir.write("api-token", std::string(kApiToken) + "\n");
  service_ = std::make_unique<ServiceProcess>(
      config_yaml(db_.config(), 0, "vehicle:\n  adapter: none\n"),
      std::map<std::string, std::string>{{"P15_SERVICE_BIND_ADDRESS", "0.0.0.0"},
                                         {"P15_SERVICE_API_TOKEN_FILE", file}});
  EXPECT_EQ(call("GET", "/start-poll", "").status, 401);
  EXPECT_EQ(call("GET", "/start-poll", kApiToken).status, 200);
  EXPECT_EQ(call("GET", "/stop-poll", kApiToken).status, 200);
  EXPECT_EQ(service_->log().find(kApiToken), std::string::npos);
}

TEST(ServiceStartup, RefusesToBindBeyondLoopbackWithoutAToken) {
  std::string out;
  std::string path = std::string(P15_SOURCE_DIR) + "/config/config.yml";
  for (const char* address : {"0.0.0.0", "192.0.2.10", "::"}) {
    int code = run_service_once({"--config", path}, {{"P15_SERVICE_BIND_ADDRESS", address}}, out);
    EXPECT_EQ(code, 2) << address << ": " << out;
    EXPECT_NE(out.find("service.bind_address"), std::string::npos) << out;
    EXPECT_NE(out.find("config/config.yml"), std::string::npos) << out;
    EXPECT_NE(out.find("P15_SERVICE_API_TOKEN or service.api_token_file"), std::string::npos)
        << out;
    EXPECT_EQ(out.find("listening"), std::string::npos) << "it must not have opened the port";
  }
}

}  // namespace
}  // namespace p15::test
