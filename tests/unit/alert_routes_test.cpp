// GET /alerts and /tesla-usage through the Router, on fakes: the answer's shape, and a database
// that is down as a 503 naming it.
#include <cpprest/json.h>
#include <gtest/gtest.h>

#include "tests/unit/api_fakes.h"

namespace p15::api {
namespace {

using web::json::value;

Response get(FakeService& fake, const std::string& path) {
  Router router;
  fake.serve(router);
  return router.dispatch(Request{"GET", "/project_15th_street" + path, {}, "", ""});
}

TEST(AlertRoutes, AlertsListsTheMonitorsActiveAlerts) {
  FakeService fake;
  EXPECT_EQ(get(fake, "/alerts").body, R"({"alerts":[]})");
  fake.alerts = {Alert{AlertKind::TeslaRefusing, kFakeNow, "Tesla answered 429", "wait"},
                 Alert{AlertKind::DatabaseDown, kFakeNow, "down", "start MariaDB"}};
  Response r = get(fake, "/alerts");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "application/json");
  value v = value::parse(r.body);
  ASSERT_EQ(v["alerts"].size(), 2u);
  EXPECT_EQ(v["alerts"][0]["kind"].as_string(), "tesla_refusing");
  EXPECT_EQ(v["alerts"][1]["action"].as_string(), "start MariaDB");
  EXPECT_EQ(v["alerts"][0].as_object().size(), 4u);
}

TEST(AlertRoutes, TeslaUsageIs503WhileTheDatabaseIsDown) {
  FakeService fake;
  Response r = get(fake, "/tesla-usage");
  EXPECT_EQ(r.status, 503);
  value v = value::parse(r.body);
  EXPECT_EQ(v["kind"].as_string(), "unavailable");
  EXPECT_EQ(v["error"].as_string(), "MariaDB db:3306/p15: down");
}

TEST(AlertRoutes, TeslaUsageAnswersTheMonth) {
  FakeService fake;
  fake.usage = usage_month_report("2026-12", {TeslaUsage{"wake", 5, 5, 0.1}});
  Response r = get(fake, "/tesla-usage");
  ASSERT_EQ(r.status, 200);
  value v = value::parse(r.body);
  EXPECT_EQ(v["month"].as_string(), "2026-12");
  EXPECT_DOUBLE_EQ(v["dollars"].as_double(), 0.1);
  EXPECT_DOUBLE_EQ(v["credit_dollars"].as_double(), 10);
  EXPECT_DOUBLE_EQ(v["share_of_credit"].as_double(), 0.01);
  EXPECT_EQ(v["categories"].size(), tesla_prices().size());
  EXPECT_EQ(v["categories"][2]["category"].as_string(), "wake");
  EXPECT_EQ(v["categories"][2]["requests"].as_integer(), 5);
}

}  // namespace
}  // namespace p15::api
