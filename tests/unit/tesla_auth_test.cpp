// The OAuth server model: which bearer Fleet accepts when, and what the token endpoint answers,
// one scenario per row (each starts from an owner's first pair issued at t0).
#include "sim/tesla_auth.h"

#include <cpprest/json.h>
#include <gtest/gtest.h>

#include <functional>

namespace p15::sim {
namespace {

using namespace std::chrono_literals;

const TimePoint t0{std::chrono::sys_days{std::chrono::year{2025} / 6 / 1}};
constexpr const char* kForm = "application/x-www-form-urlencoded";

std::string form(const std::string& refresh_token, const std::string& client = "p15-sim",
                 const std::string& grant = "refresh_token") {
  return "grant_type=" + grant + "&client_id=" + client + "&refresh_token=" + refresh_token;
}

web::json::value json_of(const TeslaAnswer& a) { return web::json::value::parse(a.body); }

// "200", or "<status> <error>" for a refusal: what the table compares.
std::string outcome(const TeslaAnswer& a) {
  if (a.status == 200) return "200";
  auto j = json_of(a);
  return std::to_string(a.status) + " " +
         (j.has_string_field("error") ? j.at("error").as_string() : "?");
}

std::string outcome(TeslaAuth::Bearer b) {
  switch (b) {
    case TeslaAuth::Bearer::Valid:
      return "valid";
    case TeslaAuth::Bearer::Expired:
      return "expired";
    case TeslaAuth::Bearer::Unknown:
      return "unknown";
  }
  return "?";
}

std::string bearer(const std::string& t) { return "Bearer " + t; }

// The access token a successful refresh answered.
std::string access_of(const TeslaAnswer& a) { return json_of(a).at("access_token").as_string(); }

struct AuthCase {
  const char* name;
  std::function<std::string(TeslaAuth&, const TokenPair&)> act;
  std::string expected;
};

std::string refresh_at(TeslaAuth& auth, const std::string& token, TimePoint at) {
  return outcome(auth.token_endpoint(kForm, form(token), at));
}

const AuthCase kCases[] = {
    {"AccessValidWithinLifetime",
     [](TeslaAuth& a, const TokenPair& p) {
       return outcome(a.check(bearer(p.access_token), t0 + 8h - 1s));
     },
     "valid"},
    {"AccessExpiresAfterLifetime",
     [](TeslaAuth& a, const TokenPair& p) {
       return outcome(a.check(bearer(p.access_token), t0 + 8h));
     },
     "expired"},
    {"UnknownToken",
     [](TeslaAuth& a, const TokenPair&) { return outcome(a.check(bearer("forged"), t0)); },
     "unknown"},
    {"NoBearerScheme",
     [](TeslaAuth& a, const TokenPair& p) { return outcome(a.check(p.access_token, t0)); },
     "unknown"},
    {"StaticTokenNeverExpires",
     [](TeslaAuth& a, const TokenPair&) {
       a.accept_static("fixed-token");
       return outcome(a.check(bearer("fixed-token"), t0 + 24h * 3650));
     },
     "valid"},
    {"RefreshSucceeds",
     [](TeslaAuth& a, const TokenPair& p) { return refresh_at(a, p.refresh_token, t0 + 9h); },
     "200"},
    {"RefreshedAccessTokenValid",
     [](TeslaAuth& a, const TokenPair& p) {
       auto r = a.token_endpoint(kForm, form(p.refresh_token), t0 + 9h);
       return outcome(a.check(bearer(access_of(r)), t0 + 16h));
     },
     "valid"},
    {"RefreshRevokesOldAccessToken",
     [](TeslaAuth& a, const TokenPair& p) {
       refresh_at(a, p.refresh_token, t0 + 1h);
       return outcome(a.check(bearer(p.access_token), t0 + 2h));
     },
     "unknown"},
    {"UsedRefreshTokenRefused",
     [](TeslaAuth& a, const TokenPair& p) {
       refresh_at(a, p.refresh_token, t0 + 9h);
       return refresh_at(a, p.refresh_token, t0 + 9h + 1s);
     },
     "401 login_required"},
    {"RotatedRefreshTokenWorks",
     [](TeslaAuth& a, const TokenPair& p) {
       refresh_at(a, p.refresh_token, t0 + 9h);
       return refresh_at(a, a.current_refresh_token(), t0 + 18h);
     },
     "200"},
    {"RefreshTokenExpiresUnused",
     [](TeslaAuth& a, const TokenPair& p) { return refresh_at(a, p.refresh_token, t0 + 24h * 90); },
     "401 login_required"},
    {"WrongClientId",
     [](TeslaAuth& a, const TokenPair& p) {
       return outcome(a.token_endpoint(kForm, form(p.refresh_token, "other-app"), t0));
     },
     "400 unauthorized_client"},
    {"MissingClientId",
     [](TeslaAuth& a, const TokenPair& p) {
       return outcome(a.token_endpoint(
           kForm, "grant_type=refresh_token&refresh_token=" + p.refresh_token, t0));
     },
     "400 unauthorized_client"},
    {"UnsupportedGrant",
     [](TeslaAuth& a, const TokenPair& p) {
       return outcome(a.token_endpoint(kForm, form(p.refresh_token, "p15-sim", "password"), t0));
     },
     "400 unsupported_grant_type"},
    {"PlainTextBodyRefused",
     [](TeslaAuth& a, const TokenPair& p) {
       return outcome(a.token_endpoint("text/plain", form(p.refresh_token), t0));
     },
     "400 invalid_request"},
    {"JsonBodyAccepted",
     [](TeslaAuth& a, const TokenPair& p) {
       return outcome(a.token_endpoint(
           "application/json",
           R"({"grant_type":"refresh_token","client_id":"p15-sim","refresh_token":")" +
               p.refresh_token + "\"}",
           t0));
     },
     "200"},
    {"FailRefreshesRefusesAsRevoked",
     [](TeslaAuth& a, const TokenPair& p) {
       a.fail_refreshes(true);
       return refresh_at(a, p.refresh_token, t0 + 9h);
     },
     "401 login_required"},
    {"FailRefreshesDoesNotSpendTheToken",
     [](TeslaAuth& a, const TokenPair& p) {
       a.fail_refreshes(true);
       refresh_at(a, p.refresh_token, t0 + 9h);
       a.fail_refreshes(false);
       return refresh_at(a, p.refresh_token, t0 + 10h);
     },
     "200"},
};

class TeslaAuthCase : public ::testing::TestWithParam<AuthCase> {};

TEST_P(TeslaAuthCase, Outcome) {
  TeslaAuth auth(AuthSettings{}, 7);
  TokenPair first = auth.issue(t0);
  EXPECT_EQ(GetParam().act(auth, first), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(Scenarios, TeslaAuthCase, ::testing::ValuesIn(kCases),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(TeslaAuth, RefreshAnswerHasTeslasFieldsAndIsNotBilled) {
  TeslaAuth auth;
  TokenPair p = auth.issue(t0);
  EXPECT_EQ(p.expires_at, t0 + 8h);
  TeslaAnswer a = auth.token_endpoint(kForm, form(p.refresh_token), t0 + 1h);
  ASSERT_EQ(a.status, 200) << a.body;
  auto j = json_of(a);
  EXPECT_EQ(j.at("expires_in").as_integer(), 28800);
  EXPECT_EQ(j.at("token_type").as_string(), "Bearer");
  EXPECT_TRUE(j.has_string_field("id_token"));
  EXPECT_EQ(j.at("refresh_token").as_string(), auth.current_refresh_token());
  EXPECT_NE(j.at("refresh_token").as_string(), p.refresh_token);
  EXPECT_EQ(j.at("access_token").as_string(), auth.latest_access_token());
  EXPECT_EQ(a.category, TeslaCategory::Auth);
  EXPECT_EQ(auth.refreshes(), 1);
  ASSERT_EQ(a.headers.size(), 1u);
  EXPECT_EQ(a.headers[0], (std::pair<std::string, std::string>{"Cache-Control", "no-store"}));
}

TEST(TeslaAuth, RefusalsCarryTeslasBodiesAndCountNothing) {
  TeslaAuth auth;
  auth.issue(t0);
  auto spent = json_of(auth.token_endpoint(kForm, form("EU_not-issued"), t0));
  EXPECT_EQ(spent.at("error_description").as_string(), "Login required");
  EXPECT_TRUE(spent.has_string_field("referenceID"));
  auto client = json_of(auth.token_endpoint(kForm, form("x", "nope"), t0));
  EXPECT_EQ(client.at("error_description").as_string(), "Unauthorized client");
  EXPECT_EQ(client.at("error_uri").as_string().rfind("https://auth.tesla.com/error/reference/", 0),
            0u);
  EXPECT_EQ(auth.refreshes(), 0);
}

TEST(TeslaAuth, UnauthorizedIsFleets401) {
  TeslaAuth auth;
  TeslaAnswer expired = auth.unauthorized(TeslaAuth::Bearer::Expired, TeslaCategory::Command);
  EXPECT_EQ(expired.status, 401);
  EXPECT_EQ(expired.body, "{\"error\":\"token expired (401)\"}");
  EXPECT_EQ(expired.category, TeslaCategory::Command);
  EXPECT_EQ(expired.fleet_status, 401);
  TeslaAnswer unknown = auth.unauthorized(TeslaAuth::Bearer::Unknown);
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(unknown.body, R"({"error":"invalid bearer token"})");
}

TEST(TeslaAuth, SameSeedSameTokens) {
  TeslaAuth a(AuthSettings{}, 42), b(AuthSettings{}, 42), c(AuthSettings{}, 43);
  EXPECT_EQ(a.issue(t0).refresh_token, b.issue(t0).refresh_token);
  EXPECT_NE(a.issue(t0).refresh_token, c.issue(t0).refresh_token);
}

TEST(TeslaAuth, FormValuesArePercentDecoded) {
  TeslaAuth auth(AuthSettings{Seconds{3600}, Seconds{86400}, "my app/1", true});
  TokenPair p = auth.issue(t0);
  auto a = auth.token_endpoint(kForm + std::string("; charset=utf-8"),
                               form(p.refresh_token, "my+app%2F1"), t0);
  EXPECT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(json_of(a).at("expires_in").as_integer(), 3600);
}

}  // namespace
}  // namespace p15::sim
