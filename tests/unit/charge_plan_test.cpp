// Charge modes as the owner sets them: request validation, the next departure in the home's
// zone, and the plan a cycle hands the policy. Table-driven.
#include "service/core/charge_plan.h"

#include <gtest/gtest.h>

#include "service/config/time_zones.h"
#include "service/core/local_time.h"

namespace p15 {
namespace {

namespace chr = std::chrono;
using K = InputValue::Kind;

TimePoint utc(int y, unsigned mo, unsigned d, int h, int mi = 0) {
  return TimePoint{chr::sys_days{chr::year{y} / mo / d}.time_since_epoch()} + chr::hours{h} +
         chr::minutes{mi};
}

InputValue str(const std::string& s) { return {K::String, s, 0}; }
InputValue num(double n) { return {K::Number, "", n}; }
InputValue null() { return {K::Null, "", 0}; }
InputValue other(const std::string& what) { return {K::Other, what, 0}; }
const InputValue kMissing{};

// --- HH:MM -------------------------------------------------------------------------------------

struct TodCase {
  const char* name;
  const char* text;
  std::optional<long long> seconds;  // nullopt: refused
};

class TimeOfDay : public ::testing::TestWithParam<TodCase> {};

TEST_P(TimeOfDay, ParsesStrictHhMm) {
  const TodCase& c = GetParam();
  auto r = parse_time_of_day(c.text, "departure");
  if (!c.seconds) {
    ASSERT_FALSE(r.ok()) << c.text;
    EXPECT_NE(r.error().message.find("departure:"), std::string::npos) << r.error().message;
    EXPECT_NE(r.error().message.find(std::string("\"") + c.text + "\""), std::string::npos);
    return;
  }
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->count(), *c.seconds);
  EXPECT_EQ(format_time_of_day(*r), c.text) << "round trip";
}

INSTANTIATE_TEST_SUITE_P(
    Cases, TimeOfDay,
    ::testing::Values(TodCase{"midnight", "00:00", 0}, TodCase{"morning", "07:30", 27000},
                      TodCase{"last_minute", "23:59", 86340}, TodCase{"hour_24", "24:00", {}},
                      TodCase{"minute_60", "07:60", {}}, TodCase{"one_digit_hour", "7:30", {}},
                      TodCase{"seconds", "07:30:00", {}}, TodCase{"empty", "", {}},
                      TodCase{"letters", "ab:cd", {}}, TodCase{"dot", "07.30", {}},
                      TodCase{"leading_space", " 7:30", {}}, TodCase{"sign", "-1:30", {}}),
    [](const auto& info) { return std::string(info.param.name); });

// --- next_daily --------------------------------------------------------------------------------

struct NextCase {
  const char* name;
  TimePoint now;
  const char* local;  // HH:MM in Pacific time
  TimePoint expect;
};

class NextDaily : public ::testing::TestWithParam<NextCase> {};

TEST_P(NextDaily, IsTheNextLocalOccurrence) {
  const NextCase& c = GetParam();
  auto tod = parse_time_of_day(c.local, "t");
  ASSERT_TRUE(tod.ok());
  auto at = next_daily(us_pacific_zone(), c.now, *tod);
  ASSERT_TRUE(at.has_value());
  EXPECT_EQ(at->time_since_epoch().count(), c.expect.time_since_epoch().count())
      << "off by " << (*at - c.expect).count() << " s";
}

// Pacific: PDT = UTC-7 in summer, PST = UTC-8 in winter; 2016-03-13 02:00 is skipped, 2016-11-06
// 01:00-02:00 repeats.
INSTANTIATE_TEST_SUITE_P(
    Cases, NextDaily,
    ::testing::Values(
        // 19:00 PDT on June 15 is 02:00 UTC June 16; 07:00 PDT June 16 is 14:00 UTC.
        NextCase{"evening_to_next_morning", utc(2016, 6, 16, 2), "07:00", utc(2016, 6, 16, 14)},
        NextCase{"later_today", utc(2016, 6, 15, 14), "18:00", utc(2016, 6, 16, 1)},
        NextCase{"exactly_now_is_tomorrow", utc(2016, 6, 16, 14), "07:00", utc(2016, 6, 17, 14)},
        NextCase{"a_minute_before", utc(2016, 6, 16, 13, 59), "07:00", utc(2016, 6, 16, 14)},
        NextCase{"winter_offset", utc(2016, 1, 10, 20), "07:30", utc(2016, 1, 11, 15, 30)},
        NextCase{"across_spring_forward", utc(2016, 3, 13, 6), "07:00", utc(2016, 3, 13, 14)},
        NextCase{"skipped_hour_is_tomorrow", utc(2016, 3, 13, 8), "02:30", utc(2016, 3, 14, 9, 30)},
        NextCase{"repeated_hour_first_time", utc(2016, 11, 6, 7), "01:30",
                 utc(2016, 11, 6, 8, 30)}),
    [](const auto& info) { return std::string(info.param.name); });

// --- the PUT body ------------------------------------------------------------------------------

struct BodyCase {
  const char* name;
  ChargeModeInput input;
  const char* error;  // a part of the message; "" when accepted
  ChargeMode mode = ChargeMode::Solar;
  std::optional<long long> departure_s;
  std::optional<int> target;
};

class ChargeModeBody : public ::testing::TestWithParam<BodyCase> {};

TEST_P(ChargeModeBody, IsValidatedNamingTheField) {
  const BodyCase& c = GetParam();
  auto r = parse_charge_mode(c.input);
  if (*c.error != '\0') {
    ASSERT_FALSE(r.ok()) << "accepted";
    EXPECT_EQ(r.error().kind, ErrorKind::Invalid);
    EXPECT_NE(r.error().message.find(c.error), std::string::npos) << r.error().message;
    return;
  }
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->mode, c.mode);
  EXPECT_EQ(
      r->departure_local ? std::optional<long long>(r->departure_local->count()) : std::nullopt,
      c.departure_s);
  EXPECT_EQ(r->target_soc, c.target);
}

using CM = ChargeMode;
INSTANTIATE_TEST_SUITE_P(
    Cases, ChargeModeBody,
    ::testing::Values(
        BodyCase{"plan_full", {str("plan"), str("07:30"), num(80), {}}, "", CM::Plan, 27000, 80},
        BodyCase{"solar_alone", {str("solar"), kMissing, kMissing, {}}, "", CM::Solar},
        BodyCase{"solar_min", {str("solar+min"), null(), null(), {}}, "", CM::SolarMin},
        BodyCase{"fast_with_target", {str("fast"), kMissing, num(100), {}}, "", CM::Fast, {}, 100},
        BodyCase{"off", {str("off"), kMissing, kMissing, {}}, "", CM::Off},
        BodyCase{"solar_with_departure",
                 {str("solar"), str("06:00"), num(1), {}},
                 "",
                 CM::Solar,
                 21600,
                 1},
        BodyCase{"mode_missing", {kMissing, str("07:30"), num(80), {}}, "mode: required"},
        BodyCase{"mode_null", {null(), kMissing, kMissing, {}}, "mode: required"},
        BodyCase{"mode_unknown",
                 {str("turbo"), kMissing, kMissing, {}},
                 "mode: expected one of off, solar, solar+min, fast, plan, got \"turbo\""},
        BodyCase{"mode_case", {str("Plan"), str("07:30"), kMissing, {}}, "got \"Plan\""},
        BodyCase{"mode_number", {num(3), kMissing, kMissing, {}}, "mode: expected one of"},
        BodyCase{"plan_without_departure",
                 {str("plan"), kMissing, num(80), {}},
                 "departure: required when mode is plan"},
        BodyCase{"plan_with_null_departure",
                 {str("plan"), null(), num(80), {}},
                 "departure: required when mode is plan"},
        BodyCase{"departure_bad",
                 {str("plan"), str("7:30"), kMissing, {}},
                 "departure: expected a local time of day \"HH:MM\""},
        BodyCase{"departure_25h", {str("solar"), str("25:00"), kMissing, {}}, "got \"25:00\""},
        BodyCase{"departure_number",
                 {str("plan"), num(730), kMissing, {}},
                 "departure: expected a local time of day \"HH:MM\", got 730"},
        BodyCase{"target_zero",
                 {str("solar"), kMissing, num(0), {}},
                 "target_soc: expected an integer 1..100 (%), got 0"},
        BodyCase{"target_101", {str("solar"), kMissing, num(101), {}}, "got 101"},
        BodyCase{"target_fraction", {str("solar"), kMissing, num(80.5), {}}, "got 80.5"},
        BodyCase{"target_negative", {str("solar"), kMissing, num(-5), {}}, "got -5"},
        BodyCase{"target_string", {str("solar"), kMissing, str("80"), {}}, "got \"80\""},
        BodyCase{"target_bool", {str("solar"), kMissing, other("a boolean"), {}}, "got a boolean"},
        BodyCase{"unknown_field",
                 {str("plan"), str("07:30"), num(80), {"departure_time"}},
                 "unknown field \"departure_time\" (known: mode, departure, target_soc)"}),
    [](const auto& info) { return std::string(info.param.name); });

// --- stored setting -> the cycle's plan --------------------------------------------------------

TEST(ChargePlanFor, PlanModeDepartsAtTheNextLocalTimeWithItsTarget) {
  ChargeModeSetting s{ChargeMode::Plan, Seconds{7 * 3600}, 80};
  // 23:00 PDT June 15 = 06:00 UTC June 16: the departure is 07:00 PDT the same UTC day.
  ChargePlan p = charge_plan_for(s, us_pacific_zone(), utc(2016, 6, 16, 6));
  ASSERT_TRUE(p.mode && p.departure && p.target_soc);
  EXPECT_EQ(*p.mode, ChargeMode::Plan);
  EXPECT_EQ(*p.departure, utc(2016, 6, 16, 14));
  EXPECT_DOUBLE_EQ(*p.target_soc, 80);
  // Once 07:00 has passed, the plan is for tomorrow's departure.
  EXPECT_EQ(*charge_plan_for(s, us_pacific_zone(), utc(2016, 6, 16, 14, 1)).departure,
            utc(2016, 6, 17, 14));
}

TEST(ChargePlanFor, WithoutDepartureOrTargetLeavesThemToThePolicy) {
  ChargePlan p = charge_plan_for({ChargeMode::Fast, {}, {}}, us_pacific_zone(), utc(2016, 6, 1, 0));
  EXPECT_EQ(p.mode, ChargeMode::Fast);
  EXPECT_FALSE(p.departure.has_value());
  EXPECT_FALSE(p.target_soc.has_value());
}

TEST(DefaultChargeMode, ComesFromTheSmartSettings) {
  SmartSettings st;
  ChargeModeSetting d = default_charge_mode(st);
  EXPECT_EQ(d.mode, ChargeMode::Solar);
  EXPECT_FALSE(d.departure_local.has_value());
  EXPECT_FALSE(d.target_soc.has_value()) << "0 means the car's own limit";
  st.mode = ChargeMode::Plan;
  st.departure_local = Seconds{6 * 3600};
  st.target_soc = 75;
  d = default_charge_mode(st);
  EXPECT_EQ(d.mode, ChargeMode::Plan);
  EXPECT_EQ(d.departure_local, Seconds{6 * 3600});
  EXPECT_EQ(d.target_soc, 75);
}

TEST(CheckChargeMode, RefusesWhatARowCouldHoldButARequestCannot) {
  EXPECT_TRUE(check_charge_mode({ChargeMode::Solar, {}, 50}).ok());
  EXPECT_FALSE(check_charge_mode({ChargeMode::Solar, {}, 0}).ok());
  EXPECT_FALSE(check_charge_mode({ChargeMode::Solar, Seconds{86400}, {}}).ok());
  EXPECT_FALSE(check_charge_mode({ChargeMode::Plan, {}, 80}).ok());
}

}  // namespace
}  // namespace p15
