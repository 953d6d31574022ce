// The bearer token on the routes that change state: the header's parsing, the Router's guard over
// every kind of route and every way a caller can present (or not) a token, and which of the
// service's real routes are guarded. No server, no database: the routes answer from fakes.
#include <cpprest/json.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <tuple>

#include "api/auth.h"
#include "api/router.h"
#include "tests/unit/api_fakes.h"

namespace p15::api {
namespace {

constexpr const char* kToken = "s3cret-Token_0123456789";

// --- the header ---------------------------------------------------------------------------------

struct HeaderCase {
  const char* name;
  std::string header;
  std::optional<std::string> token;
};

void PrintTo(const HeaderCase& c, std::ostream* os) { *os << c.name; }

class BearerHeader : public ::testing::TestWithParam<HeaderCase> {};

TEST_P(BearerHeader, GivesTheTokenOrNothing) {
  EXPECT_EQ(bearer_token(GetParam().header), GetParam().token);
}

INSTANTIATE_TEST_SUITE_P(
    Headers, BearerHeader,
    ::testing::Values(HeaderCase{"plain", "Bearer abc", "abc"},
                      HeaderCase{"lower_scheme", "bearer abc", "abc"},
                      HeaderCase{"upper_scheme", "BEARER abc", "abc"},
                      HeaderCase{"extra_spaces", "  Bearer \t abc  ", "abc"},
                      HeaderCase{"token68_chars", "Bearer a-b.c_d~e+f/g==", "a-b.c_d~e+f/g=="},
                      HeaderCase{"empty", "", std::nullopt},
                      HeaderCase{"scheme_only", "Bearer", std::nullopt},
                      HeaderCase{"scheme_and_space", "Bearer   ", std::nullopt},
                      HeaderCase{"glued", "Bearerabc", std::nullopt},
                      HeaderCase{"basic", "Basic YTpi", std::nullopt},
                      HeaderCase{"token_scheme", "Token abc", std::nullopt},
                      HeaderCase{"bare_token", "abc", std::nullopt}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(SameSecret, EqualOnlyForTheSameBytes) {
  EXPECT_TRUE(same_secret(kToken, kToken));
  EXPECT_TRUE(same_secret("", ""));
  EXPECT_FALSE(same_secret(std::string(kToken) + "x", kToken));
  EXPECT_FALSE(same_secret(std::string(kToken).substr(1), kToken));
  EXPECT_FALSE(same_secret("", kToken));
  EXPECT_FALSE(same_secret(std::string("S") + (kToken + 1), kToken));  // case differs
  EXPECT_FALSE(same_secret(std::string(kToken) + '\0', kToken));
}

// --- the Router's guard: route kinds x token cases ---------------------------------------------

struct RouteKind {
  const char* name;
  std::string method;
  std::string path;  // requested path
  bool prefix;       // registered as a prefix route ("/tree/")
  Access access;
  bool guarded;  // needs the token once one is configured
};

struct TokenCase {
  const char* name;
  std::string configured;  // service.api_token ("" = none)
  std::string header;      // the Authorization header sent
  bool accepted;           // a guarded route runs its handler
  bool invalid_token;      // a 401 says error="invalid_token" (a token was sent, wrong)
};

const RouteKind kRouteKinds[] = {
    {"get_open", "GET", "/open", false, Access::automatic, false},
    {"get_guarded", "GET", "/changes", false, Access::token, true},
    {"put", "PUT", "/thing", false, Access::automatic, true},
    {"post", "POST", "/thing", false, Access::automatic, true},
    {"delete", "DELETE", "/thing", false, Access::automatic, true},
    {"patch", "PATCH", "/thing", false, Access::automatic, true},
    {"head_open", "HEAD", "/open", false, Access::automatic, false},
    {"prefix_get", "GET", "/tree/a.js", true, Access::automatic, false},
    {"prefix_put", "PUT", "/tree/a.js", true, Access::automatic, true},
    {"trailing_slash_guarded", "GET", "/changes/", false, Access::token, true},
};

const TokenCase kTokenCases[] = {
    {"no_token_configured", "", "", true, false},
    {"no_token_configured_any_header", "", "Bearer whatever", true, false},
    {"missing_header", kToken, "", false, false},
    {"right", kToken, std::string("Bearer ") + kToken, true, false},
    {"right_lower_scheme", kToken, std::string("bearer ") + kToken, true, false},
    {"right_trailing_space", kToken, std::string("Bearer ") + kToken + " ", true, false},
    {"wrong", kToken, "Bearer nope", false, true},
    {"prefix_of_token", kToken, std::string("Bearer ") + std::string(kToken).substr(0, 6), false,
     true},
    {"token_plus_more", kToken, std::string("Bearer ") + kToken + "x", false, true},
    {"basic_scheme", kToken, std::string("Basic ") + kToken, false, false},
    {"bare_token", kToken, kToken, false, false},
    {"scheme_only", kToken, "Bearer", false, false},
};

void PrintTo(const RouteKind& r, std::ostream* os) { *os << r.name; }
void PrintTo(const TokenCase& t, std::ostream* os) { *os << t.name; }

class RouterGuard : public ::testing::TestWithParam<std::tuple<RouteKind, TokenCase>> {};

TEST_P(RouterGuard, AnswersOrRefusesWithBearerChallenge) {
  const auto& [route, tc] = GetParam();
  Router router;
  int calls = 0;
  Handler handler = [&calls](const Request&) {
    ++calls;
    return json_response(200, "{\"ran\":true}");
  };
  std::string registered = route.path.substr(0, route.path.find('/', 1) + 1);
  if (route.prefix) {
    router.add_prefix(route.method, registered, handler, route.access);
  } else {
    router.add(route.method,
               route.path.back() == '/' ? route.path.substr(0, route.path.size() - 1) : route.path,
               handler, route.access);
  }
  router.require_token(tc.configured);
  EXPECT_EQ(router.guarded(route.method, route.path), route.guarded);

  Response r = router.dispatch(Request{route.method, route.path, {}, tc.header, ""});
  bool refused = route.guarded && !tc.configured.empty() && !tc.accepted;
  if (!refused) {
    EXPECT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(calls, 1);
    return;
  }
  EXPECT_EQ(r.status, 401) << r.body;
  EXPECT_EQ(calls, 0) << "a refused request must not reach its handler";
  EXPECT_EQ(r.content_type, "application/json");
  auto body = web::json::value::parse(r.body);
  EXPECT_NE(body["error"].as_string().find("service.api_token"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find(kToken), std::string::npos) << "the answer must not echo the token";
  auto challenge = std::find_if(r.headers.begin(), r.headers.end(),
                                [](const auto& h) { return h.first == "WWW-Authenticate"; });
  ASSERT_NE(challenge, r.headers.end());
  EXPECT_EQ(challenge->second.rfind("Bearer ", 0), 0u) << challenge->second;
  EXPECT_EQ(challenge->second.find("error=\"invalid_token\"") != std::string::npos,
            tc.invalid_token)
      << challenge->second;
}

INSTANTIATE_TEST_SUITE_P(RoutesByTokens, RouterGuard,
                         ::testing::Combine(::testing::ValuesIn(kRouteKinds),
                                            ::testing::ValuesIn(kTokenCases)),
                         [](const auto& info) {
                           return std::string(std::get<0>(info.param).name) + "__" +
                                  std::get<1>(info.param).name;
                         });

TEST(RouterGuard, UnknownPathAndMethodAreAnsweredBeforeTheToken) {
  Router router;
  router.add(
      "GET", "/changes", [](const Request&) { return json_response(200, "{}"); }, Access::token);
  router.require_token(kToken);
  EXPECT_EQ(router.dispatch(Request{"GET", "/nope", {}, "", ""}).status, 404);
  Response r = router.dispatch(Request{"DELETE", "/changes", {}, "", ""});
  EXPECT_EQ(r.status, 405);
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.headers[0], (std::pair<std::string, std::string>{"Allow", "GET"}));
}

// --- the service's own routes -------------------------------------------------------------------

// Every route the service registers and whether it needs the token. A new GET route must be
// added here (and decide); a new non-GET route is guarded automatically and needs no row.
struct ServiceRoute {
  const char* route;
  bool guarded;
};

const ServiceRoute kServiceRoutes[] = {
    {"GET /project_15th_street", false},
    {"GET /project_15th_street/battery-status", false},
    {"GET /project_15th_street/set-charging-amps", true},  // records a decision
    {"GET /project_15th_street/manage-vehicle", true},     // commands the car
    {"GET /project_15th_street/start-poll", true},
    {"GET /project_15th_street/status-poll", false},
    {"GET /project_15th_street/stop-poll", true},
    {"GET /project_15th_street/savings", false},
    {"GET /project_15th_street/alerts", false},
    {"GET /project_15th_street/tesla-usage", false},
    {"GET /project_15th_street/home/today", false},
    {"GET /project_15th_street/sessions", false},
    {"GET /project_15th_street/sessions.csv", false},
    {"GET /project_15th_street/vehicles/*", false},  // a car's charge mode
    {"PUT /project_15th_street/vehicles/*", true},   // sets it
    {"GET /project_15th_street/openapi.yaml", false},
    {"GET /project_15th_street/ui", false},
    {"GET /project_15th_street/ui/*", false},
    {"GET /project_15th_street/home", false},  // the owner's page and what it reads
    {"GET /project_15th_street/home/*", false},
    {"GET /project_15th_street/home/vendor/*", false},
    {"GET /project_15th_street/home/state", false},
    {"GET /project_15th_street/events", false},
    {"GET /healthcheck", false},
    {"GET /metrics", false},
};

void PrintTo(const ServiceRoute& r, std::ostream* os) { *os << r.route; }

// The service's routes behind the token, on fakes that count nothing: a refused request never
// reaches them.
struct ServiceRoutes {
  FakeService fake;
  Router router;
  ServiceRoutes() {
    fake.serve(router);
    router.require_token(kToken);
  }
};

std::pair<std::string, std::string> split(const std::string& route) {
  auto space = route.find(' ');
  std::string path = route.substr(space + 1);
  if (path.back() == '*') path.pop_back();  // a prefix route: ask about a path inside it
  return {route.substr(0, space), path};
}

class ServiceRouteGuard : public ::testing::TestWithParam<ServiceRoute> {};

TEST_P(ServiceRouteGuard, StateChangingRoutesNeedTheToken) {
  ServiceRoutes service;
  const Router& router = service.router;
  auto [method, path] = split(GetParam().route);
  auto routes = router.routes();
  ASSERT_NE(std::find(routes.begin(), routes.end(), GetParam().route), routes.end())
      << GetParam().route << " is no longer registered: update kServiceRoutes";
  EXPECT_EQ(router.guarded(method, path), GetParam().guarded);
  if (GetParam().guarded) {
    // Refused before the handler: the fake's poll loop stays as it was.
    Response r = router.dispatch(Request{method, path, {}, "Bearer wrong", ""});
    EXPECT_EQ(r.status, 401) << r.body;
    EXPECT_FALSE(service.fake.poll.ever_started);
    EXPECT_TRUE(service.fake.upserts.empty());
  }
}

INSTANTIATE_TEST_SUITE_P(Service, ServiceRouteGuard, ::testing::ValuesIn(kServiceRoutes));

TEST(ServiceRouteGuard, EveryRegisteredRouteIsDecided) {
  ServiceRoutes service;
  const Router& router = service.router;
  std::set<std::string> known;
  for (const auto& r : kServiceRoutes) known.insert(r.route);
  for (const auto& route : router.routes()) {
    auto [method, path] = split(route);
    if (method == "GET" || method == "HEAD") {
      EXPECT_TRUE(known.count(route)) << route << ": a new read route must be listed here, "
                                      << "with Access::token if it changes state";
    } else {
      EXPECT_TRUE(router.guarded(method, path)) << route;
    }
  }
}

}  // namespace
}  // namespace p15::api
