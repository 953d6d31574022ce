// The forecasters and the hour accumulator: what each learns from ended hours, and how readings
// become hours (held power, gaps, half-covered hours, the same row twice).
#include "service/core/forecast.h"

#include <gtest/gtest.h>

#include "service/config/time_zones.h"
#include "service/core/outlook.h"

namespace p15 {
namespace {

constexpr TimePoint kMidnightUtc{Seconds{1'465'171'200}};  // 2016-06-06 00:00 UTC, a Monday

HourEnergy at(int hour, double solar_wh, double house_wh) {
  return {{kMidnightUtc + Seconds{3600 * hour}, hour % 24, false}, solar_wh, house_wh};
}

HourKey key(int hour) { return {kMidnightUtc + Seconds{3600 * hour}, hour % 24, false}; }

TEST(MovingAverage, WeighsTheNewestDayByAlpha) {
  MovingAverageForecaster f(0.5);
  f.observe(at(12, 4000, 500));
  f.observe(at(36, 2000, 700));  // the next day's noon
  const auto out = f.forecast({key(60), key(61)});
  EXPECT_DOUBLE_EQ(out[0].solar_wh, 3000);
  EXPECT_DOUBLE_EQ(out[0].house_wh, 600);
  EXPECT_DOUBLE_EQ(out[1].solar_wh, 0);  // never seen 13:00
}

TEST(WeatherAware, ACloudyMorningLowersTheAfternoonAndFadesWithLeadTime) {
  WeatherAwareForecaster f;
  for (int d = 0; d < 5; ++d) {
    for (int h = 8; h <= 16; ++h) f.observe(at(24 * d + h, 3000, 400));
  }
  // Day 5: the morning at a third of the usual sun.
  for (int h = 8; h <= 11; ++h) f.observe(at(24 * 5 + h, 1000, 400));
  const auto out = f.forecast({key(24 * 5 + 12), key(24 * 6 + 12)});
  EXPECT_LT(out[0].solar_wh, 2000);             // this afternoon: still cloudy
  EXPECT_GT(out[1].solar_wh, out[0].solar_wh);  // tomorrow: back towards the profile
}

TEST(WeatherAware, TheLastHoursDepartureFromTheHouseProfileFades) {
  WeatherAwareForecaster f;
  for (int d = 0; d < 5; ++d) f.observe(at(24 * d + 18, 0, 500));
  f.observe(at(24 * 5 + 18, 0, 2500));  // an oven tonight
  const auto out = f.forecast({key(24 * 6 + 18)});
  EXPECT_GT(out[0].house_wh, 500);
}

TEST(Forecasters, ByName) {
  for (const std::string& n : forecaster_names()) {
    ASSERT_NE(make_forecaster(n), nullptr) << n;
    EXPECT_EQ(make_forecaster(n)->name(), n);
  }
  EXPECT_EQ(make_forecaster("crystal-ball"), nullptr);
}

TEST(HourAccumulator, SumsHeldPowerIntoClockHours) {
  HourAccumulator acc(LocalZone{});
  std::vector<HourEnergy> ended;
  for (int s = 0; s <= 7200; s += 30) {
    for (const HourEnergy& h : acc.add(kMidnightUtc + Seconds{s}, 1200, 600)) ended.push_back(h);
  }
  // Hour 0 ended when the first reading of hour 1 came; hour 1 is still open.
  ASSERT_EQ(ended.size(), 1u);
  EXPECT_EQ(ended[0].key.start, kMidnightUtc);
  EXPECT_NEAR(ended[0].solar_wh, 1200, 1e-9);
  EXPECT_NEAR(ended[0].house_wh, 600, 1e-9);
}

TEST(HourAccumulator, AGapIsNotCountedAndAHalfCoveredHourIsNotReported) {
  HourAccumulator acc(LocalZone{}, Seconds{900});
  std::vector<HourEnergy> ended;
  auto add = [&](int s, double w) {
    for (const HourEnergy& h : acc.add(kMidnightUtc + Seconds{s}, w, w)) ended.push_back(h);
  };
  for (int s = 0; s <= 2400; s += 60) add(s, 1000);  // 40 minutes of hour 0
  add(3600 + 1860, 1000);                            // a 51-minute gap into hour 1
  for (int s = 3600 + 1920; s <= 7200 + 60; s += 60) add(s, 500);
  ASSERT_EQ(ended.size(), 1u);  // hour 1 covered 29 minutes: not reported
  EXPECT_EQ(ended[0].key.start, kMidnightUtc);
  EXPECT_NEAR(ended[0].solar_wh, 1000, 1e-9);  // 40 minutes, scaled to the hour
}

TEST(HourAccumulator, TheSameReadingTwiceCountsOnce) {
  HourAccumulator acc(LocalZone{});
  for (int s = 0; s <= 3600; s += 600) {
    acc.add(kMidnightUtc + Seconds{s}, 1000, 0);
    acc.add(kMidnightUtc + Seconds{s}, 5000, 0);  // the same row read again: ignored
  }
  const auto ended = acc.add(kMidnightUtc + Seconds{3660}, 1000, 0);
  ASSERT_EQ(ended.size(), 1u);
  EXPECT_NEAR(ended[0].solar_wh, 1000, 1e-9);
}

Tariff evening_peak_tariff() {
  const LocalZone pacific = us_pacific_zone();
  LocalHourProfile imp, exp;
  for (unsigned m = 1; m <= 12; ++m) {
    for (DayType d : {DayType::Weekday, DayType::WeekendOrHoliday}) {
      for (unsigned h = 0; h < 24; ++h) {
        imp.at(m, d, h) = h >= 16 && h < 21 ? 0.60 : 0.50;
        exp.at(m, d, h) = h == 18 ? 1.00 : 0.05;
      }
    }
  }
  return Tariff{"test", profile_price(imp, pacific), profile_price(exp, pacific)};
}

TEST(Outlook, PeriodsStartNowThenWholeHoursWithTheirPricesAndBatteryExportHours) {
  const Tariff t = evening_peak_tariff();
  // 2016-06-06 16:45 PDT = 23:45 UTC.
  const TimePoint now = kMidnightUtc + Seconds{23 * 3600 + 45 * 60};
  const auto p = outlook_periods(t, now, 4);
  ASSERT_EQ(p.size(), 4u);  // 16:45-17:00, then 17, 18, 19
  EXPECT_DOUBLE_EQ(p[0].hours, 0.25);
  EXPECT_DOUBLE_EQ(p[1].hours, 1);
  EXPECT_DOUBLE_EQ(p[0].import_per_kwh, 0.60);
  EXPECT_FALSE(p[1].battery_export);
  EXPECT_TRUE(p[2].battery_export);  // 18:00: peak, and export pays more than import
  EXPECT_FALSE(p[3].battery_export);
}

TEST(Outlook, GridHourAtReadsTheLocalDaysPeak) {
  const Tariff t = evening_peak_tariff();
  const TimePoint morning = kMidnightUtc + Seconds{17 * 3600};      // 10:00 PDT
  const TimePoint evening = kMidnightUtc + Seconds{25 * 3600};      // 18:00 PDT
  const TimePoint night = kMidnightUtc + Seconds{29 * 3600 + 600};  // 22:10 PDT
  EXPECT_TRUE(grid_hour_at(t, morning).before_peak);
  EXPECT_FALSE(grid_hour_at(t, morning).peak);
  EXPECT_TRUE(grid_hour_at(t, evening).peak);
  EXPECT_TRUE(battery_export_hour(grid_hour_at(t, evening)));
  EXPECT_FALSE(grid_hour_at(t, night).before_peak);
  EXPECT_FALSE(grid_hour_at(flat_tariff(), evening).day_varies);
}

}  // namespace
}  // namespace p15
