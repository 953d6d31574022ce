// Today's chart from the collector's rows (service/core/power_day.h): buckets of 5 minutes,
// averages per bucket, null where a table wrote nothing, the house without the car, unreadable
// rows counted and skipped.
#include "service/core/power_day.h"

#include <gtest/gtest.h>

#include "service/core/command_plan.h"

namespace p15 {
namespace {

namespace chr = std::chrono;

const TimePoint kMidnight{chr::sys_days{chr::year{2026} / 12 / 3}.time_since_epoch() +
                          chr::hours{8}};  // 00:00 PST
constexpr Seconds kStep{300};

// A battery_model row `at_s` after midnight; bad: unreadable.
struct PwRow {
  long long at_s;
  double solar_w, load_w, battery_w, grid_w;
  bool bad = false;
};
// A vehicle_model row.
struct CarRow {
  long long at_s;
  ChargingState state;
  int amps;
  int voltage = 240;
  bool bad = false;
};

using Want = std::vector<std::optional<double>>;
constexpr std::nullopt_t kNull = std::nullopt;

struct DayCase {
  const char* name;
  long long span_s;  // now - midnight
  std::vector<PwRow> pw;
  std::vector<CarRow> car;
  Want solar, house, powerwall, grid, car_w, amps;
  long long want_pw_rows, want_car_rows, want_skipped;
};

void PrintTo(const DayCase& c, std::ostream* os) { *os << c.name; }

PowerDayRows rows_of(const DayCase& c) {
  PowerDayRows rows;
  std::int64_t id = 0;
  for (const PwRow& r : c.pw) {
    ++id;
    if (r.bad) {
      rows.powerwall.push_back(
          Error{"battery_model row " + std::to_string(id) + ": field \"solar_power\" is missing"});
      continue;
    }
    PowerwallReading p;
    p.row_id = id;
    p.row_time = kMidnight + Seconds{r.at_s};
    p.solar_w = r.solar_w;
    p.load_w = r.load_w;
    p.battery_w = r.battery_w;
    p.grid_w = r.grid_w;
    rows.powerwall.push_back(p);
  }
  for (const CarRow& r : c.car) {
    ++id;
    if (r.bad) {
      rows.vehicle.push_back(Error{"vehicle_model row " + std::to_string(id) + ": bad"});
      continue;
    }
    VehicleReading v;
    v.row_id = id;
    v.row_time = kMidnight + Seconds{r.at_s};
    v.charging_state = r.state;
    v.charger_actual_current = r.amps;
    v.charger_voltage = r.voltage;
    rows.vehicle.push_back(v);
  }
  return rows;
}

void expect_series(const Series& got, const Want& want, const char* name) {
  ASSERT_EQ(got.size(), want.size()) << name;
  for (std::size_t i = 0; i < want.size(); ++i) {
    ASSERT_EQ(got[i].has_value(), want[i].has_value()) << name << " bucket " << i;
    if (want[i]) EXPECT_NEAR(*got[i], *want[i], 1e-9) << name << " bucket " << i;
  }
}

class PowerDayTest : public ::testing::TestWithParam<DayCase> {};

TEST_P(PowerDayTest, BucketsTheRows) {
  const DayCase& c = GetParam();
  const PowerDay d =
      bucket_power(rows_of(c), kMidnight, kMidnight + Seconds{c.span_s}, kStep, LedgerSettings{});
  ASSERT_EQ(d.t.size(), c.solar.size());
  for (std::size_t i = 0; i < d.t.size(); ++i) {
    EXPECT_EQ(d.t[i], kMidnight + kStep * static_cast<long long>(i)) << i;
  }
  expect_series(d.solar_w, c.solar, "solar_w");
  expect_series(d.house_w, c.house, "house_w");
  expect_series(d.powerwall_w, c.powerwall, "powerwall_w");
  expect_series(d.grid_w, c.grid, "grid_w");
  expect_series(d.car_w, c.car_w, "car_w");
  expect_series(d.car_amps, c.amps, "car_amps");
  EXPECT_EQ(d.powerwall_rows, c.want_pw_rows);
  EXPECT_EQ(d.vehicle_rows, c.want_car_rows);
  EXPECT_EQ(d.skipped, c.want_skipped);
  EXPECT_EQ(d.first_skipped.has_value(), c.want_skipped > 0);
}

using CS = ChargingState;

INSTANTIATE_TEST_SUITE_P(
    Days, PowerDayTest,
    ::testing::Values(
        // 12 minutes since midnight: three buckets (the last one partial), no rows at all.
        DayCase{"no_rows_all_null",
                720,
                {},
                {},
                {kNull, kNull, kNull},
                {kNull, kNull, kNull},
                {kNull, kNull, kNull},
                {kNull, kNull, kNull},
                {kNull, kNull, kNull},
                {kNull, kNull, kNull},
                0,
                0,
                0},
        // Two rows in the first bucket average; the second bucket has none of either table.
        DayCase{"averages_and_gaps",
                600,
                {{10, 1000, 2000, 500, 500}, {290, 3000, 4000, 1500, -500}},
                {{20, CS::Stopped, 0}, {200, CS::Stopped, 0}},
                {2000, kNull},
                {3000, kNull},
                {1000, kNull},
                {0, kNull},
                {0, kNull},
                {0, kNull},
                2,
                2,
                0},
        // Charging at 16 A x 240 V = 3840 W and 8 A x 240 V = 1920 W: the car averages 2880 W;
        // the load (which includes it) averages 5000 W, so the house is 2120 W.
        DayCase{"house_is_load_without_car",
                300,
                {{0, 6000, 4000, 0, -2000}, {150, 6000, 6000, 0, 0}},
                {{10, CS::Charging, 16}, {160, CS::Charging, 8}},
                {6000},
                {2120},
                {0},
                {-1000},
                {2880},
                {12},
                2,
                2,
                0},
        // A load below the car's draw (rows read at different moments): the house is 0, never
        // negative.
        DayCase{"house_clamped_at_zero",
                300,
                {{0, 0, 3000, 0, 3000}},
                {{5, CS::Charging, 16}},
                {0},
                {0},
                {0},
                {3000},
                {3840},
                {16},
                1,
                1,
                0},
        // A car that reports a current while not charging draws nothing by the ledger's rule.
        DayCase{"not_charging_draws_nothing",
                300,
                {{0, 0, 800, 800, 0}},
                {{5, CS::Complete, 3}},
                {0},
                {800},
                {800},
                {0},
                {0},
                {0},
                1,
                1,
                0},
        // Without a vehicle row the load cannot be split: house is null, the rest is shown.
        DayCase{"no_car_row_no_house",
                300,
                {{0, 500, 900, 0, 400}},
                {},
                {500},
                {kNull},
                {0},
                {400},
                {kNull},
                {kNull},
                1,
                0,
                0},
        // Unreadable rows of both tables are counted and left out of the averages.
        DayCase{"malformed_rows_skipped",
                300,
                {{0, 1000, 1000, 0, 0}, {0, 0, 0, 0, 0, true}, {100, 3000, 3000, 0, 0}},
                {{0, CS::Stopped, 0, 240, true}, {50, CS::Stopped, 0}},
                {2000},
                {2000},
                {0},
                {0},
                {0},
                {0},
                2,
                1,
                2},
        // Rows before midnight (yesterday's) or at or after now are not today's: ignored, not
        // counted.
        DayCase{"rows_outside_the_span_ignored",
                300,
                {{-1, 9000, 9000, 0, 0}, {299, 100, 100, 0, 0}, {300, 7000, 7000, 0, 0}},
                {{-300, CS::Charging, 32}, {100, CS::Stopped, 0}},
                {100},
                {100},
                {0},
                {0},
                {0},
                {0},
                1,
                1,
                0},
        // Midnight itself: no bucket yet.
        DayCase{"no_time_no_buckets", 0, {{0, 1, 1, 0, 0}}, {}, {}, {}, {}, {}, {}, {}, 0, 0, 0}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(PowerDay, CarDrawIsTheLedgersRule) {
  // No charger voltage: the ledger's default voltage, for the chart as for the ledger.
  VehicleReading car;
  car.charging_state = ChargingState::Charging;
  car.charger_actual_current = 10;
  car.row_time = kMidnight;
  LedgerSettings s;
  s.default_voltage_v = 230;
  PowerDayRows rows;
  rows.vehicle.push_back(car);
  const PowerDay d = bucket_power(rows, kMidnight, kMidnight + kStep, kStep, s);
  ASSERT_EQ(d.car_w.size(), 1u);
  EXPECT_DOUBLE_EQ(*d.car_w[0], 2300);
  EXPECT_DOUBLE_EQ(*d.car_w[0], car_draw_w(car, s));
  PowerwallReading pw;
  EXPECT_DOUBLE_EQ(*d.car_w[0], split_car_power(pw, car, s).car_w);
}

}  // namespace
}  // namespace p15
