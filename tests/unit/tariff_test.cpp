// Tariff maths and the time zones (date/tz over tzdata) it prices by.
#include "service/core/tariff.h"

#include <gtest/gtest.h>

#include "service/config/time_zones.h"

namespace p15 {
namespace {

namespace chr = std::chrono;

TimePoint utc(int y, unsigned mo, unsigned d, int h, int mi = 0, int s = 0) {
  return TimePoint{chr::sys_days{chr::year{y} / mo / d}.time_since_epoch()} + chr::hours{h} +
         chr::minutes{mi} + Seconds{s};
}

LocalSeconds wall(int y, unsigned mo, unsigned d, int h, int mi = 0) {
  return LocalSeconds{utc(y, mo, d, h, mi).time_since_epoch()};
}

struct ZoneCase {
  const char* name;
  LocalZone zone;
  TimePoint at;
  int want_offset_h;
};

class ZoneOffset : public ::testing::TestWithParam<ZoneCase> {};

TEST_P(ZoneOffset, MatchesTheRealRule) {
  const auto& c = GetParam();
  EXPECT_EQ(utc_offset(c.zone, c.at), chr::hours{c.want_offset_h});
}

INSTANTIATE_TEST_SUITE_P(
    Transitions, ZoneOffset,
    ::testing::Values(
        ZoneCase{"pacific_before_spring", us_pacific_zone(), utc(2025, 3, 9, 9, 59, 59), -8},
        ZoneCase{"pacific_at_spring", us_pacific_zone(), utc(2025, 3, 9, 10), -7},
        ZoneCase{"pacific_before_fall", us_pacific_zone(), utc(2025, 11, 2, 8, 59, 59), -7},
        ZoneCase{"pacific_at_fall", us_pacific_zone(), utc(2025, 11, 2, 9), -8},
        ZoneCase{"berlin_before_spring", europe_berlin_zone(), utc(2016, 3, 27, 0, 59), 1},
        ZoneCase{"berlin_at_spring", europe_berlin_zone(), utc(2016, 3, 27, 1), 2},
        ZoneCase{"berlin_before_fall", europe_berlin_zone(), utc(2016, 10, 30, 0, 59), 2},
        ZoneCase{"berlin_at_fall", europe_berlin_zone(), utc(2016, 10, 30, 1), 1},
        ZoneCase{"sydney_winter", australia_sydney_zone(), utc(2011, 7, 1, 0), 10},
        ZoneCase{"sydney_before_spring", australia_sydney_zone(), utc(2011, 10, 1, 15, 59), 10},
        ZoneCase{"sydney_at_spring", australia_sydney_zone(), utc(2011, 10, 1, 16), 11},
        ZoneCase{"sydney_new_year", australia_sydney_zone(), utc(2012, 1, 1, 0), 11},
        ZoneCase{"sydney_before_fall", australia_sydney_zone(), utc(2012, 3, 31, 15, 59), 11},
        ZoneCase{"sydney_at_fall", australia_sydney_zone(), utc(2012, 3, 31, 16), 10}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(ZoneToUtc, SkippedRepeatedAndNormalWallTimes) {
  const LocalZone la = us_pacific_zone();
  EXPECT_EQ(to_utc(la, wall(2025, 3, 9, 2, 30)).matches, 0);
  const LocalToUtc repeated = to_utc(la, wall(2025, 11, 2, 1, 30));
  EXPECT_EQ(repeated.matches, 2);
  EXPECT_EQ(repeated.earlier, utc(2025, 11, 2, 8, 30));
  EXPECT_EQ(repeated.later, utc(2025, 11, 2, 9, 30));
  const LocalToUtc normal = to_utc(la, wall(2025, 8, 5, 19));
  EXPECT_EQ(normal.matches, 1);
  EXPECT_EQ(normal.earlier, utc(2025, 8, 6, 2));
  EXPECT_EQ(to_local(la, normal.earlier), wall(2025, 8, 5, 19));
}

struct HolidayCase {
  int y;
  unsigned m, d;
  bool holiday;
};

class PgeHoliday : public ::testing::TestWithParam<HolidayCase> {};

TEST_P(PgeHoliday, Recognised) {
  const auto& c = GetParam();
  const chr::year_month_day day{chr::year{c.y}, chr::month{c.m}, chr::day{c.d}};
  EXPECT_EQ(is_pge_holiday(day), c.holiday) << c.y << "-" << c.m << "-" << c.d;
}

INSTANTIATE_TEST_SUITE_P(
    Year2025, PgeHoliday,
    ::testing::Values(HolidayCase{2025, 1, 1, true}, HolidayCase{2025, 2, 17, true},
                      HolidayCase{2025, 5, 26, true}, HolidayCase{2025, 7, 4, true},
                      HolidayCase{2025, 9, 1, true}, HolidayCase{2025, 11, 11, true},
                      HolidayCase{2025, 11, 27, true}, HolidayCase{2025, 12, 25, true},
                      HolidayCase{2025, 11, 28, false}, HolidayCase{2025, 2, 10, false},
                      HolidayCase{2025, 8, 5, false},
                      // Christmas 2022 was a Sunday: observed on Monday the 26th.
                      HolidayCase{2022, 12, 26, true},
                      // New Year 2017 was a Sunday: Monday the 2nd is the holiday.
                      HolidayCase{2017, 1, 2, true}, HolidayCase{2017, 1, 3, false},
                      // July 4th 2026 is a Saturday: not moved to the Friday.
                      HolidayCase{2026, 7, 3, false}, HolidayCase{2026, 5, 25, true},
                      HolidayCase{2026, 11, 26, true}, HolidayCase{2026, 11, 19, false}));

// Each rule of the table lands on one day of every year, and no two on the same day.
TEST(PgeHolidays, EightDaysEveryYear) {
  for (int y = 2010; y <= 2037; ++y) {
    int count = 0;
    for (chr::sys_days d{chr::year{y} / 1 / 1}; d < chr::sys_days{chr::year{y + 1} / 1 / 1};
         d += chr::days{1}) {
      count += is_pge_holiday(chr::year_month_day{d}) ? 1 : 0;
    }
    EXPECT_EQ(count, static_cast<int>(kPgeHolidays.size())) << y;
  }
}

TEST(FlatTariff, SeedPricesAtAnyHour) {
  const Tariff t = flat_tariff();
  EXPECT_DOUBLE_EQ(import_price_at(t, utc(2016, 6, 1, 0)), 0.2291);
  EXPECT_DOUBLE_EQ(export_price_at(t, utc(2025, 8, 6, 2)), 0.062);
}

struct TouCase {
  const char* name;
  TimePoint at;
  double want;
};

class TouImport : public ::testing::TestWithParam<TouCase> {};

TEST_P(TouImport, PeakFourToNinePacific) {
  const Tariff t = tou_tariff({}, us_pacific_zone());
  EXPECT_DOUBLE_EQ(import_price_at(t, GetParam().at), GetParam().want);
}

INSTANTIATE_TEST_SUITE_P(
    Hours, TouImport,
    ::testing::Values(TouCase{"summer_15h", utc(2025, 8, 5, 22), 0.50},  // 15:00 PDT
                      TouCase{"summer_16h", utc(2025, 8, 5, 23), 0.60},
                      TouCase{"summer_20h", utc(2025, 8, 6, 3), 0.60},
                      TouCase{"summer_21h", utc(2025, 8, 6, 4), 0.50},
                      TouCase{"summer_weekend", utc(2025, 8, 9, 23), 0.60},
                      TouCase{"winter_17h", utc(2025, 1, 15, 1), 0.49},  // 17:00 PST
                      TouCase{"winter_3h", utc(2025, 1, 15, 11), 0.46}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(TableTariff, ExactHoursThenProfileOutsideTheTable) {
  // Two August 2025 hours: Tuesday 19:00 PDT and Saturday 19:00 PDT.
  const Tariff t =
      tou_tariff({{utc(2025, 8, 6, 2), 1.03403}, {utc(2025, 8, 10, 2), 0.45}}, us_pacific_zone());
  EXPECT_DOUBLE_EQ(export_price_at(t, utc(2025, 8, 6, 2, 59)), 1.03403);
  EXPECT_DOUBLE_EQ(export_price_at(t, utc(2025, 8, 10, 2)), 0.45);
  // 2016-08-02 was a Tuesday, 2016-08-06 a Saturday: same local month, day type and hour.
  EXPECT_DOUBLE_EQ(export_price_at(t, utc(2016, 8, 3, 2, 30)), 1.03403);
  EXPECT_DOUBLE_EQ(export_price_at(t, utc(2016, 8, 7, 2)), 0.45);
  EXPECT_DOUBLE_EQ(export_price_at(t, utc(2016, 8, 3, 3)), 0.0);  // a cell the table never filled
}

struct CostCase {
  const char* name;
  TimePoint start;
  double grid_w, dt_s;
  double import_kwh, export_kwh, import_cost, export_credit;
};

class GridCostFlat : public ::testing::TestWithParam<CostCase> {};

TEST_P(GridCostFlat, EnergyAndMoney) {
  const auto& c = GetParam();
  const GridCost g = grid_cost(flat_tariff(), c.start, c.grid_w, c.dt_s);
  EXPECT_NEAR(g.import_kwh, c.import_kwh, 1e-12);
  EXPECT_NEAR(g.export_kwh, c.export_kwh, 1e-12);
  EXPECT_NEAR(g.import_cost, c.import_cost, 1e-12);
  EXPECT_NEAR(g.export_credit, c.export_credit, 1e-12);
}

INSTANTIATE_TEST_SUITE_P(
    Flows, GridCostFlat,
    ::testing::Values(CostCase{"import_1kwh", utc(2016, 6, 1, 0), 1000, 3600, 1, 0, 0.2291, 0},
                      CostCase{"export_1kwh", utc(2016, 6, 1, 0), -2000, 1800, 0, 1, 0, 0.062},
                      CostCase{"idle", utc(2016, 6, 1, 0), 0, 3600, 0, 0, 0, 0},
                      CostCase{"tick_30s", utc(2016, 6, 1, 0, 59, 45), 2400, 30, 0.02, 0,
                               0.02 * 0.2291, 0}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(GridCost, SplitsAtHourBoundaries) {
  const Tariff t{
      "two_hours",
      table_price({{utc(2025, 8, 6, 0), 0.10}, {utc(2025, 8, 6, 1), 0.40}}, us_pacific_zone()),
      flat_price(0)};
  const GridCost g = grid_cost(t, utc(2025, 8, 6, 0, 30), 1000, 3600);
  EXPECT_NEAR(g.import_kwh, 1.0, 1e-12);
  EXPECT_NEAR(g.import_cost, 0.5 * 0.10 + 0.5 * 0.40, 1e-12);
  GridCost sum;
  sum += g;
  sum += g;
  EXPECT_NEAR(sum.net_cost(), 0.5, 1e-12);
}

}  // namespace
}  // namespace p15
