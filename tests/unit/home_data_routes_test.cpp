// GET /home/today, /sessions and /sessions.csv on fakes of their use cases, and /savings' year:
// what each answers for what the store says.
#include "api/home_data_routes.h"

#include <cpprest/json.h>
#include <gtest/gtest.h>

#include "service/core/time_text.h"
#include "tests/unit/api_fakes.h"

namespace p15::api {
namespace {

using web::json::value;

const std::string kRoot = "/project_15th_street";

Response call(FakeService& fake, const std::string& path,
              std::map<std::string, std::string> query = {}) {
  Router router;
  fake.serve(router);
  return router.dispatch(Request{"GET", path, std::move(query), "", ""});
}

HomeToday two_buckets() {
  HomeToday h;
  h.date = "2026-05-28";
  h.zone = "America/Los_Angeles";
  h.day.from = kFakeNow - Seconds{400};
  h.day.to = kFakeNow;
  h.day.t = {h.day.from, h.day.from + Seconds{300}};
  h.day.solar_w = {1234.6, std::nullopt};
  h.day.house_w = {800.4, std::nullopt};
  h.day.powerwall_w = {-100, std::nullopt};
  h.day.grid_w = {-334.2, std::nullopt};
  h.day.car_w = {0, 3840};
  h.day.car_amps = {0, 15.96};
  h.day.powerwall_rows = 7;
  h.day.vehicle_rows = 8;
  h.day.skipped = 1;
  return h;
}

TEST(HomeTodayRoute, AnswersColumnsWithNullGaps) {
  FakeService fake;
  fake.today = two_buckets();
  Response r = call(fake, kRoot + "/home/today");
  ASSERT_EQ(r.status, 200) << r.body;
  const value v = value::parse(r.body);
  EXPECT_EQ(v.at("date").as_string(), "2026-05-28");
  EXPECT_EQ(v.at("zone").as_string(), "America/Los_Angeles");
  EXPECT_EQ(v.at("step_s").as_integer(), 300);
  EXPECT_EQ(v.at("from").as_string(), format_utc(kFakeNow - Seconds{400}));
  EXPECT_EQ(v.at("to").as_string(), format_utc(kFakeNow));
  EXPECT_EQ(v.at("t").at(1).as_number().to_int64(),
            (kFakeNow - Seconds{100}).time_since_epoch().count());
  EXPECT_EQ(v.at("solar_w").at(0).as_integer(), 1235);  // whole W
  EXPECT_TRUE(v.at("solar_w").at(1).is_null());
  EXPECT_EQ(v.at("house_w").at(0).as_integer(), 800);
  EXPECT_EQ(v.at("grid_w").at(0).as_integer(), -334);
  EXPECT_EQ(v.at("car_w").at(1).as_integer(), 3840);
  EXPECT_DOUBLE_EQ(v.at("car_amps").at(1).as_double(), 16.0);  // 0.1 A
  EXPECT_EQ(v.at("rows").at("powerwall").as_integer(), 7);
  EXPECT_EQ(v.at("rows").at("vehicle").as_integer(), 8);
  EXPECT_EQ(v.at("rows").at("skipped").as_integer(), 1);
  for (const char* s : {"t", "solar_w", "house_w", "powerwall_w", "grid_w", "car_w", "car_amps"}) {
    EXPECT_EQ(v.at(s).size(), 2u) << s;
  }
}

SessionList two_sessions() {
  SessionList l;
  ChargeSession open{{"5YJ,X", kFakeNow - Seconds{600}}, kFakeNow, std::nullopt, {}};
  open.sums.car_kwh = 1.25;
  open.sums.cost = 0.1;
  open.sums.baseline_cost = 0.3;
  open.sums.commands = 3;
  open.sums.wake_ups = 1;
  ChargeSession done{{kFakeVin, kFakeNow - Seconds{86400}},
                     kFakeNow - Seconds{80000},
                     kFakeNow - Seconds{79970},
                     {}};
  done.sums.solar_kwh = 2.0000004;
  l.sessions = {open, done};
  l.totals = open.sums;
  l.totals += done.sums;
  l.totals.car_kwh = 9;  // over all sessions, not only the page
  return l;
}

TEST(SessionsRoute, AnswersThePageAndTheTotals) {
  FakeService fake;
  fake.sessions = two_sessions();
  Response r = call(fake, kRoot + "/sessions");
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(fake.session_limits.size(), 1u);
  EXPECT_EQ(fake.session_limits[0], kDefaultSessionsLimit);
  const value v = value::parse(r.body);
  const value& first = v.at("sessions").at(0);
  EXPECT_EQ(first.at("vin").as_string(), "5YJ,X");
  EXPECT_EQ(first.at("started_at").as_string(), format_utc(kFakeNow - Seconds{600}));
  EXPECT_EQ(first.at("last_at").as_string(), format_utc(kFakeNow));
  EXPECT_TRUE(first.at("ended_at").is_null());
  EXPECT_DOUBLE_EQ(first.at("car_kwh").as_double(), 1.25);
  EXPECT_DOUBLE_EQ(first.at("saving").as_double(), 0.2);
  EXPECT_EQ(first.at("commands").as_integer(), 3);
  EXPECT_EQ(first.at("wake_ups").as_integer(), 1);
  const value& second = v.at("sessions").at(1);
  EXPECT_EQ(second.at("ended_at").as_string(), format_utc(kFakeNow - Seconds{79970}));
  EXPECT_DOUBLE_EQ(second.at("solar_kwh").as_double(), 2);  // 6 decimals
  EXPECT_DOUBLE_EQ(v.at("totals").at("car_kwh").as_double(), 9);
  EXPECT_EQ(v.at("totals").at("commands").as_integer(), 3);
  EXPECT_EQ(v.at("totals").size(), 9u);
}

struct LimitCase {
  const char* name;
  std::string limit;
  int want_status;
  std::optional<int> want_limit;
};

void PrintTo(const LimitCase& c, std::ostream* os) { *os << c.name; }

class SessionsLimit : public ::testing::TestWithParam<LimitCase> {};

TEST_P(SessionsLimit, IsAWholeNumberInRange) {
  const LimitCase& c = GetParam();
  FakeService fake;
  fake.sessions = SessionList{};
  Response r = call(fake, kRoot + "/sessions", {{"limit", c.limit}});
  EXPECT_EQ(r.status, c.want_status) << r.body;
  if (c.want_limit) {
    ASSERT_EQ(fake.session_limits.size(), 1u);
    EXPECT_EQ(fake.session_limits[0], c.want_limit);
  } else {
    EXPECT_TRUE(fake.session_limits.empty());
    EXPECT_NE(r.body.find("limit"), std::string::npos) << r.body;
  }
}

INSTANTIATE_TEST_SUITE_P(Limits, SessionsLimit,
                         ::testing::Values(LimitCase{"one", "1", 200, 1},
                                           LimitCase{"max", "1000", 200, 1000},
                                           LimitCase{"zero", "0", 400, std::nullopt},
                                           LimitCase{"too_many", "1001", 400, std::nullopt},
                                           LimitCase{"negative", "-5", 400, std::nullopt},
                                           LimitCase{"not_a_number", "ten", 400, std::nullopt},
                                           LimitCase{"trailing", "5x", 400, std::nullopt},
                                           LimitCase{"empty", "", 400, std::nullopt}),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(SessionsCsv, EveryLineWithAHeaderAsAnAttachment) {
  FakeService fake;
  fake.sessions = two_sessions();
  Response r = call(fake, kRoot + "/sessions.csv");
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(fake.session_limits.size(), 1u);
  EXPECT_EQ(fake.session_limits[0], std::nullopt) << "all of them";
  EXPECT_EQ(r.content_type.rfind("text/csv", 0), 0u) << r.content_type;
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.headers[0].first, "Content-Disposition");
  EXPECT_NE(r.headers[0].second.find("attachment; filename="), std::string::npos);
  const std::string header =
      "vin,started_at,last_at,ended_at,car_kwh,solar_kwh,powerwall_kwh,grid_kwh,cost,"
      "baseline_cost,saving,commands,wake_ups\r\n";
  ASSERT_EQ(r.body.rfind(header, 0), 0u) << r.body;
  const std::string first = "\"5YJ,X\"," + format_utc(kFakeNow - Seconds{600}) + "," +
                            format_utc(kFakeNow) + ",,1.25,0,0,0,0.1,0.3,0.2,3,1\r\n";
  EXPECT_EQ(r.body.substr(header.size(), first.size()), first);
  EXPECT_EQ(std::count(r.body.begin(), r.body.end(), '\n'), 3);
}

TEST(HomeDataRoutes, DatabaseDownIs503) {
  FakeService fake;  // both calls answer Unavailable
  for (const char* path : {"/home/today", "/sessions", "/sessions.csv"}) {
    Response r = call(fake, kRoot + path);
    EXPECT_EQ(r.status, 503) << path;
    EXPECT_EQ(value::parse(r.body).at("kind").as_string(), "unavailable") << path;
  }
}

TEST(SavingsRoute, AnswersTheYearFromItsLocalStart) {
  FakeService fake;
  SavingsNow s;
  s.now = kFakeNow;
  s.periods.year_start = TimePoint{Seconds{1'767'254'400}};  // 2026-01-01T08:00:00Z
  s.totals.year.cycles = 4;
  s.totals.year.car_kwh = 2.5;
  s.totals.year.baseline_cost = 1;
  s.totals.year.cost = 0.25;
  fake.savings = s;
  Response r = call(fake, kRoot + "/savings");
  ASSERT_EQ(r.status, 200) << r.body;
  const value year = value::parse(r.body).at("year");
  EXPECT_EQ(year.at("from").as_string(), "2026-01-01T08:00:00Z");
  EXPECT_EQ(year.at("cycles").as_integer(), 4);
  EXPECT_DOUBLE_EQ(year.at("car_kwh").as_double(), 2.5);
  EXPECT_DOUBLE_EQ(year.at("saving").as_double(), 0.75);
}

}  // namespace
}  // namespace p15::api
