// A home's own CSV (sim/home_csv.h): units and quantities, zones and offsets, the interval,
// the errors' line and column, the Tesla app's export; and once end to end through
// p15-backtest --csv.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "service/core/time_text.h"
#include "sim/home_csv.h"
#include "sim/home_csv_flags.h"
#include "tests/unit/calendar_time.h"

namespace p15::sim {
namespace {

namespace chr = std::chrono;

using test::utc;

Result<HouseholdSeries> parse(const std::string& text, const HomeCsvOptions& o = {}) {
  return parse_home_csv(text, "my.csv", o);
}

// --- units and quantities -------------------------------------------------------------------

struct UnitCase {
  const char* name;
  CsvQuantity quantity;
  CsvUnit unit;
  int step_min;
  const char* value;
  double want_w;
};

class HomeCsvUnits : public ::testing::TestWithParam<UnitCase> {};

TEST_P(HomeCsvUnits, GiveTheAveragePowerInWatts) {
  const UnitCase& c = GetParam();
  HomeCsvOptions o;
  o.quantity = c.quantity;
  o.unit = c.unit;
  std::ostringstream csv;
  csv << "time,solar,load\n";
  for (int i = 0; i < 3; ++i) {
    csv << format_utc(utc(2024, 6, 1, 0) + chr::minutes{c.step_min * i}) << ',' << c.value << ','
        << c.value << '\n';
  }
  auto s = parse(csv.str(), o);
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->step, chr::minutes{c.step_min});
  ASSERT_EQ(s->samples.size(), 3u);
  EXPECT_NEAR(s->samples[0].solar_w, c.want_w, 1e-9);
  EXPECT_NEAR(s->samples[2].load_w, c.want_w, 1e-9);
}

INSTANTIATE_TEST_SUITE_P(
    Table, HomeCsvUnits,
    ::testing::Values(
        UnitCase{"PowerW", CsvQuantity::Power, CsvUnit::W, 30, "1500", 1500},
        UnitCase{"PowerKw", CsvQuantity::Power, CsvUnit::kW, 30, "1.5", 1500},
        UnitCase{"EnergyWhHalfHour", CsvQuantity::Energy, CsvUnit::Wh, 30, "750", 1500},
        UnitCase{"EnergyKwhHalfHour", CsvQuantity::Energy, CsvUnit::kWh, 30, "0.75", 1500},
        UnitCase{"EnergyKwhHour", CsvQuantity::Energy, CsvUnit::kWh, 60, "2", 2000},
        UnitCase{"EnergyWhFiveMinutes", CsvQuantity::Energy, CsvUnit::Wh, 5, "125", 1500}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(HomeCsvUnits, AUnitMustFitTheQuantity) {
  EXPECT_TRUE(check_unit(CsvQuantity::Power, CsvUnit::kW).ok());
  EXPECT_FALSE(check_unit(CsvQuantity::Power, CsvUnit::kWh).ok());
  EXPECT_FALSE(check_unit(CsvQuantity::Energy, CsvUnit::W).ok());
  HomeCsvFlags f;
  f.quantity = "energy";
  f.unit = "kW";
  auto o = home_csv_options(f);
  ASSERT_FALSE(o.ok());
  EXPECT_EQ(o.error().message,
            "--csv-unit kW with --csv-quantity energy: an energy is in Wh or kWh");
  f.unit.clear();  // an energy defaults to kWh
  ASSERT_TRUE(home_csv_options(f).ok());
  EXPECT_EQ(home_csv_options(f)->unit, CsvUnit::kWh);
}

// --- timestamps, zones and offsets ----------------------------------------------------------

struct TimeCase {
  const char* text;
  bool ok;
  long long offset_min;  // when ok: the offset, or -9999 for none
};

class HomeCsvTimes : public ::testing::TestWithParam<TimeCase> {};

TEST_P(HomeCsvTimes, Parse) {
  const TimeCase& c = GetParam();
  const auto t = parse_csv_time(c.text);
  ASSERT_EQ(t.has_value(), c.ok) << c.text;
  if (!c.ok) return;
  if (c.offset_min == -9999) {
    EXPECT_FALSE(t->offset.has_value());
  } else {
    ASSERT_TRUE(t->offset.has_value());
    EXPECT_EQ(*t->offset, chr::minutes{c.offset_min});
  }
  EXPECT_EQ(chr::floor<chr::days>(t->wall).time_since_epoch(),
            chr::sys_days{chr::year{2024} / 6 / 1}.time_since_epoch());
}

INSTANTIATE_TEST_SUITE_P(Table, HomeCsvTimes,
                         ::testing::Values(TimeCase{"2024-06-01T00:05", true, -9999},
                                           TimeCase{"2024-06-01 00:05:00", true, -9999},
                                           TimeCase{"2024-06-01T00:05:00Z", true, 0},
                                           TimeCase{"2024-06-01T00:05:00-07:00", true, -420},
                                           TimeCase{"2024-06-01T00:05+05:30", true, 330},
                                           TimeCase{"2024-06-01T00:05:00+1000", true, 600},
                                           TimeCase{"2024-06-01", false, 0},
                                           TimeCase{"2024-06-01T00:05:00 PDT", false, 0},
                                           TimeCase{"2024-06-01T25:00", false, 0}));

TEST(HomeCsvZones, AWallTimeIsReadInTheHomesZone) {
  HomeCsvOptions o;
  o.zone = "America/Los_Angeles";
  auto s = parse("time,solar,load\n2024-06-01T00:00,0,1\n2024-06-01T00:30,0,1\n", o);
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->samples[0].utc, utc(2024, 6, 1, 7));
  EXPECT_EQ(s->zone.name, "America/Los_Angeles");
}

TEST(HomeCsvZones, AnOffsetGivesTheInstant) {
  HomeCsvOptions o;
  o.zone = "us-pacific";
  auto s = parse("time,solar,load\n2024-06-01T00:00-07:00,0,1\n2024-06-01T00:30-07:00,0,1\n", o);
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->samples[0].utc, utc(2024, 6, 1, 7));
}

TEST(HomeCsvZones, AnOffsetThatIsNotTheZonesIsRefused) {
  auto s = parse("time,solar,load\n2024-06-01T00:00-07:00,0,1\n");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message,
            "my.csv line 2, column 'time': '2024-06-01T00:00-07:00': its offset -07:00 is not "
            "UTC's (+00:00) at that instant: name the home's zone (--csv-zone)");
}

TEST(HomeCsvZones, TheRepeatedHourWhenDstEndsStaysInOrder) {
  HomeCsvOptions o;
  o.zone = "America/Los_Angeles";
  auto s = parse(
      "time,solar,load\n2024-11-03 00:30,0,1\n2024-11-03 01:00,0,2\n2024-11-03 01:30,0,3\n"
      "2024-11-03 01:00,0,4\n2024-11-03 01:30,0,5\n2024-11-03 02:00,0,6\n",
      o);
  ASSERT_TRUE(s.ok()) << s.error().message;
  ASSERT_EQ(s->samples.size(), 6u);
  EXPECT_EQ(s->missing_intervals, 0);
  EXPECT_EQ(s->samples[3].utc, utc(2024, 11, 3, 9));  // 01:00 PST
  EXPECT_DOUBLE_EQ(s->samples[3].load_w, 4000);
}

TEST(HomeCsvZones, ATimeSkippedWhenDstStartsIsRefused) {
  HomeCsvOptions o;
  o.zone = "America/Los_Angeles";
  auto s = parse("time,solar,load\n2024-03-10 01:30,0,1\n2024-03-10 02:30,0,1\n", o);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message,
            "my.csv line 3, column 'time': '2024-03-10 02:30': no such time in "
            "America/Los_Angeles (skipped when daylight-saving time starts)");
}

// --- the interval ---------------------------------------------------------------------------

TEST(HomeCsvInterval, TheMostCommonSpacingAndItsGapsAsMissing) {
  auto s = parse(
      "time,solar,load\n2024-06-01T00:00Z,1,1\n2024-06-01T00:15Z,1,1\n2024-06-01T01:00Z,1,1\n"
      "2024-06-01T01:15Z,1,1\n2024-06-01T01:30Z,1,1\n");
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->step, chr::minutes{15});
  ASSERT_EQ(s->samples.size(), 7u);
  EXPECT_EQ(s->missing_intervals, 2);
  EXPECT_TRUE(s->samples[2].missing);
  EXPECT_EQ(s->samples[6].utc, utc(2024, 6, 1, 1, 30));
}

TEST(HomeCsvInterval, AGivenIntervalWins) {
  HomeCsvOptions o;
  o.step = chr::minutes{30};
  auto s = parse("time,solar,load\n2024-06-01T00:00Z,1,1\n2024-06-01T01:00Z,1,1\n", o);
  ASSERT_TRUE(s.ok()) << s.error().message;
  ASSERT_EQ(s->samples.size(), 3u);
  EXPECT_TRUE(s->samples[1].missing);
}

TEST(HomeCsvInterval, OneRowHasNoIntervalToInfer) {
  auto s = parse("time,solar,load\n2024-06-01T00:00Z,1,1\n");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("--csv-step-s"), std::string::npos);
}

TEST(HomeCsvInterval, AveragedIntoHalfHours) {
  std::ostringstream csv;
  csv << "time,solar,load\n";
  for (int i = 0; i < 12; ++i) {
    csv << format_utc(utc(2024, 6, 1, 0) + chr::minutes{5 * i}) << ',' << i << ",1\n";
  }
  auto s = parse(csv.str());
  ASSERT_TRUE(s.ok()) << s.error().message;
  const HouseholdSeries half = average_to_step(*s, chr::minutes{30});
  ASSERT_EQ(half.samples.size(), 2u);
  EXPECT_DOUBLE_EQ(half.samples[0].solar_w, 2500);  // mean of 0..5 kW
  EXPECT_DOUBLE_EQ(half.samples[1].solar_w, 8500);
  EXPECT_DOUBLE_EQ(half.samples[1].load_w, 1000);
}

TEST(HomeCsvInterval, EmptyCellsAndNegativeSolar) {
  auto s = parse(
      "time,solar,load\n2024-06-01T00:00Z,-0.01,1\n2024-06-01T00:30Z,,1\n"
      "2024-06-01T01:00Z,2,1\n");
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->clamped_negative_solar, 1);
  EXPECT_DOUBLE_EQ(s->samples[0].solar_w, 0);
  EXPECT_TRUE(s->samples[1].missing);
  EXPECT_EQ(s->missing_intervals, 1);
}

// --- errors: the file, the line, the column -------------------------------------------------

struct ErrorCase {
  const char* name;
  const char* csv;
  const char* message;
};

class HomeCsvErrors : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(HomeCsvErrors, NameTheLineAndTheColumn) {
  auto s = parse(GetParam().csv);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message, GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    Table, HomeCsvErrors,
    ::testing::Values(
        ErrorCase{"NotANumber", "time,solar,load\n2024-06-01T00:00Z,1,1\n2024-06-01T00:30Z,abc,1\n",
                  "my.csv line 3, column 'solar': 'abc' is not a number"},
        ErrorCase{"LoadNotANumber", "time,solar,load\n\n2024-06-01T00:00Z,1,1kW\n",
                  "my.csv line 3, column 'load': '1kW' is not a number"},
        ErrorCase{"MissingColumn", "time,solar,house\n2024-06-01T00:00Z,1,1\n",
                  "my.csv line 1: no column 'load'; the header has 'time', 'solar', 'house'"},
        ErrorCase{"NotATime", "time,solar,load\nyesterday,1,1\n",
                  "my.csv line 2, column 'time': 'yesterday' is not a time "
                  "(YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM])"},
        ErrorCase{"Repeated", "time,solar,load\n2024-06-01T00:00Z,1,1\n2024-06-01T00:00Z,1,1\n",
                  "my.csv line 3, column 'time': '2024-06-01T00:00Z' repeats the time of line 2 "
                  "('2024-06-01T00:00Z'): the rows must go forward in time"},
        ErrorCase{"Backwards", "time,solar,load\n2024-06-01T01:00Z,1,1\n2024-06-01T00:00Z,1,1\n",
                  "my.csv line 3, column 'time': '2024-06-01T00:00Z' is before line 2 "
                  "('2024-06-01T01:00Z'): the rows must go forward in time"},
        ErrorCase{"OffTheGrid",
                  "time,solar,load\n2024-06-01T00:00Z,1,1\n2024-06-01T00:30Z,1,1\n"
                  "2024-06-01T01:00Z,1,1\n2024-06-01T01:10Z,1,1\n",
                  "my.csv line 5, column 'time': '2024-06-01T01:10Z' is not a whole number of "
                  "1800 s intervals after line 2's time"},
        ErrorCase{"FewerCells", "time,solar,load\n2024-06-01T00:00Z,1\n",
                  "my.csv line 2: fewer cells than the header"},
        ErrorCase{"Empty", "", "my.csv: empty, no header line"},
        ErrorCase{"NoRows", "time,solar,load\n", "my.csv: no rows after the header"}),
    [](const auto& info) { return std::string(info.param.name); });

// --- the Tesla app's export -----------------------------------------------------------------

TEST(HomeCsvTesla, TheAppsExportWithItsOffsetsAndEndLabels) {
  // The export's shape: 5-minute rows stamped with their offset, a UTF-8 mark as spreadsheets
  // save it, CRLF line ends, and columns the reader does not use.
  const std::string csv =
      "\xEF\xBB\xBF"
      "Date time,Home (kW),Solar (kW),Powerwall (kW),Grid (kW),Energy Remaining (%)\r\n"
      "2024-06-01T00:05:00-07:00,0.52,0,0.52,0,80.1\r\n"
      "2024-06-01T00:10:00-07:00,0.48,0,0.48,0,79.9\r\n"
      "2024-06-01T00:20:00-07:00,1.2,-0.01,1.2,0,79.5\r\n";
  HomeCsvOptions o = tesla_export_options();
  o.zone = "America/Los_Angeles";
  auto s = parse(csv, o);
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->step, chr::minutes{5});
  ASSERT_EQ(s->samples.size(), 4u);
  // The row stamped 00:05 is the interval that began at local midnight.
  EXPECT_EQ(s->samples[0].utc, utc(2024, 6, 1, 7));
  EXPECT_DOUBLE_EQ(s->samples[0].load_w, 520);
  EXPECT_TRUE(s->samples[2].missing);  // 00:15 was not exported
  EXPECT_EQ(s->clamped_negative_solar, 1);
  EXPECT_EQ(first_full_day(*s), LocalSeconds{utc(2024, 6, 1, 0).time_since_epoch()});
  EXPECT_EQ(full_days_from(*s, first_full_day(*s)), 0);
}

TEST(HomeCsvTesla, TheFlagsPickItsColumns) {
  HomeCsvFlags f;
  f.format = "tesla";
  auto o = home_csv_options(f);
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->time_column, "Date time");
  EXPECT_EQ(o->solar_column, "Solar (kW)");
  EXPECT_EQ(o->load_column, "Home (kW)");
  EXPECT_TRUE(o->label_marks_end);
  auto s = parse("Date time,Solar (kW),Grid (kW)\n", *o);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message,
            "my.csv line 1: no column 'Home (kW)'; the header has 'Date time', 'Solar (kW)', "
            "'Grid (kW)'");
}

// --- end to end: p15-backtest --csv ---------------------------------------------------------

// Three days of a Californian home, 15-minute energy in kWh, local wall times: a 6 kW-peak
// clear-sky roof and a 500 W house with a 2 kW evening.
std::string write_home_csv(const std::filesystem::path& path) {
  std::ofstream out(path);
  out << "timestamp,pv_kwh,house_kwh\n";
  for (int d = 1; d <= 3; ++d) {
    for (int q = 0; q < 96; ++q) {
      const double hour = q / 4.0 + 0.125;
      const double sun = std::max(0.0, std::sin((hour - 6) / 14 * 3.14159265));
      const double house = hour >= 17 && hour < 21 ? 2.0 : 0.5;
      char line[64];
      std::snprintf(line, sizeof line, "2024-06-%02d %02d:%02d,%.4f,%.4f\n", d, q / 4, q % 4 * 15,
                    6 * sun / 4, house / 4);
      out << line;
    }
  }
  return path.string();
}

TEST(HomeCsvBacktest, RunsOnAHomesOwnCsv) {
#ifndef P15_BACKTEST_BIN
  GTEST_SKIP() << "built without p15-backtest";
#else
  const std::filesystem::path dir =
      std::filesystem::path(::testing::TempDir()) / "p15-home-csv-backtest";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string csv = write_home_csv(dir / "home.csv");
  const std::string cmd = std::string(P15_BACKTEST_BIN) + " --csv " + csv +
                          " --csv-time timestamp --csv-solar pv_kwh --csv-load house_kwh"
                          " --csv-quantity energy --csv-unit kWh --csv-zone America/Los_Angeles"
                          " --days 2 --policy smart,charge-now,optimum --profile home"
                          " --tariff flat --no-progress --out " +
                          (dir / "out").string() + " > " + (dir / "stdout.txt").string();
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  std::ifstream in(dir / "out" / "backtest.md");
  std::stringstream md;
  md << in.rdbuf();
  EXPECT_NE(md.str().find("days 2,"), std::string::npos) << md.str();
  EXPECT_NE(md.str().find("### home / flat / home (2024-06-01 + 2 d"), std::string::npos)
      << md.str();
  EXPECT_NE(md.str().find("| smart |"), std::string::npos) << md.str();
#endif
}

}  // namespace
}  // namespace p15::sim
