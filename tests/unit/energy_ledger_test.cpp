// The cost ledger: where the car's energy came from each cycle, its cost and the charge-now
// baseline's, checked against figures worked out by hand (W x s / 3.6e6 = kWh).
#include "service/core/energy_ledger.h"

#include <gtest/gtest.h>

#include "service/config/time_zones.h"

namespace p15 {
namespace {

namespace chr = std::chrono;

constexpr double kImport = 0.2291, kExport = 0.062, kRte = 0.9;
const TimePoint kNoon{chr::sys_days{chr::year{2026} / 6 / 15}.time_since_epoch() + chr::hours{19}};

LedgerSettings flat_settings() {
  LedgerSettings s;
  s.tariff = flat_tariff(kImport, kExport);
  s.powerwall_round_trip_efficiency = kRte;
  s.max_gap = Seconds{300};
  return s;
}

struct Home {
  double solar_w, load_w, battery_w;  // load includes the car while it charges
};
struct Car {
  ChargingState state;
  int amps;
  int voltage = 240;
};

Snapshot snapshot(const Home& h, const Car& c, TimePoint now) {
  Snapshot s;
  s.now = now;
  s.powerwall.solar_w = h.solar_w;
  s.powerwall.load_w = h.load_w;
  s.powerwall.battery_w = h.battery_w;
  s.powerwall.grid_w = h.load_w - h.solar_w - h.battery_w;
  s.vehicle.charging_state = c.state;
  s.vehicle.charger_actual_current = c.amps;
  s.vehicle.charger_voltage = c.voltage;
  s.vehicle.charge_current_request_max = 32;
  return s;
}

struct SplitCase {
  const char* name;
  Home home;
  Car car;
  std::optional<long long> since_last_s;  // nullopt: the first cycle after start-up
  long long want_elapsed_s;
  double want_solar_kwh, want_powerwall_kwh, want_grid_kwh;
};

void PrintTo(const SplitCase& c, std::ostream* os) { *os << c.name; }

class LedgerSplit : public ::testing::TestWithParam<SplitCase> {};

TEST_P(LedgerSplit, EnergyBySourceAndItsCost) {
  const auto& c = GetParam();
  LedgerState state;
  if (c.since_last_s) state.last_at = kNoon - Seconds{*c.since_last_s};
  const LedgerStep step = account_cycle(state, snapshot(c.home, c.car, kNoon), flat_settings());
  const LedgerEntry& e = step.entry;
  EXPECT_EQ(e.at, kNoon);
  EXPECT_EQ(e.elapsed.count(), c.want_elapsed_s);
  EXPECT_NEAR(e.solar_kwh, c.want_solar_kwh, 1e-12);
  EXPECT_NEAR(e.powerwall_kwh, c.want_powerwall_kwh, 1e-12);
  EXPECT_NEAR(e.grid_kwh, c.want_grid_kwh, 1e-12);
  const double car = c.want_solar_kwh + c.want_powerwall_kwh + c.want_grid_kwh;
  EXPECT_NEAR(e.car_kwh, car, 1e-12);
  EXPECT_NEAR(e.grid_cost, c.want_grid_kwh * kImport, 1e-12);
  EXPECT_NEAR(e.export_forgone, c.want_solar_kwh * kExport, 1e-12);
  EXPECT_NEAR(e.powerwall_value, c.want_powerwall_kwh * kExport / kRte, 1e-12);
  EXPECT_NEAR(e.cost, e.grid_cost + e.export_forgone + e.powerwall_value, 1e-12);
  // Flat: charge-now pays the one import price for every kWh.
  EXPECT_NEAR(e.baseline_cost, car * kImport, 1e-12);
  EXPECT_NEAR(e.saving(), car * kImport - e.cost, 1e-12);
  EXPECT_EQ(step.next.last_at, kNoon);
}

using CS = ChargingState;
constexpr double kH = 3.6e6;  // W x s per kWh
INSTANTIATE_TEST_SUITE_P(
    Sources, LedgerSplit,
    ::testing::Values(
        // 16 A x 240 V = 3840 W; the house draws 1000 W of the 4840 W load.
        SplitCase{
            "first_cycle_counts_nothing", {6000, 4840, 0}, {CS::Charging, 16}, {}, 0, 0, 0, 0},
        SplitCase{"all_solar", {6000, 4840, 0}, {CS::Charging, 16}, 30, 30, 3840 * 30 / kH, 0, 0},
        // 32 A = 7680 W; solar left after the house 1000 W, the Powerwall's 3000 W, grid 3680 W.
        SplitCase{"solar_then_powerwall_then_grid",
                  {2000, 8680, 3000},
                  {CS::Charging, 32},
                  60,
                  60,
                  1000 * 60 / kH,
                  3000 * 60 / kH,
                  3680 * 60 / kH},
        SplitCase{"powerwall_charging_is_not_a_source",
                  {2000, 4840, -500},
                  {CS::Charging, 16},
                  30,
                  30,
                  1000 * 30 / kH,
                  0,
                  2840 * 30 / kH},
        SplitCase{"night_all_grid", {0, 4840, 0}, {CS::Charging, 16}, 30, 30, 0, 0, 3840 * 30 / kH},
        SplitCase{"night_powerwall_covers_house_first",
                  {0, 4840, 2000},
                  {CS::Charging, 16},
                  30,
                  30,
                  0,
                  1000 * 30 / kH,
                  2840 * 30 / kH},
        SplitCase{"starting_counts_as_charging",
                  {6000, 4840, 0},
                  {CS::Starting, 16},
                  30,
                  30,
                  3840 * 30 / kH,
                  0,
                  0},
        SplitCase{"long_gap_capped_at_max_gap",
                  {6000, 4840, 0},
                  {CS::Charging, 16},
                  7200,
                  300,
                  3840 * 300 / kH,
                  0,
                  0},
        SplitCase{
            "clock_went_back_counts_nothing", {6000, 4840, 0}, {CS::Charging, 16}, -30, 0, 0, 0, 0},
        SplitCase{"no_voltage_reported_uses_240",
                  {6000, 4840, 0},
                  {CS::Charging, 16, 0},
                  30,
                  30,
                  3840 * 30 / kH,
                  0,
                  0},
        SplitCase{"stopped_car_draws_nothing", {6000, 1000, 0}, {CS::Stopped, 0}, 30, 30, 0, 0, 0},
        SplitCase{
            "complete_car_draws_nothing", {6000, 1000, 0}, {CS::Complete, 0}, 30, 30, 0, 0, 0},
        SplitCase{"disconnected_car_draws_nothing",
                  {6000, 1000, 0},
                  {CS::Disconnected, 0},
                  30,
                  30,
                  0,
                  0,
                  0}),
    [](const auto& info) { return std::string(info.param.name); });

// charge-now's time for a kWh: plug-in + session kWh before it / (32 A x 240 V = 7.68 kW).
struct BaselineCase {
  const char* name;
  double session_kwh_before;
  long long want_after_plug_in_s;
  double want_price;
};

void PrintTo(const BaselineCase& c, std::ostream* os) { *os << c.name; }

class LedgerBaseline : public ::testing::TestWithParam<BaselineCase> {};

// Import 0.10 $/kWh before 16:00 Pacific and 0.50 from then; plugged in at 15:30 PDT.
LedgerSettings peak_at_four() {
  LocalHourProfile p;
  for (unsigned m = 1; m <= 12; ++m) {
    for (DayType d : {DayType::Weekday, DayType::WeekendOrHoliday}) {
      for (unsigned h = 0; h < 24; ++h) p.at(m, d, h) = h >= 16 ? 0.50 : 0.10;
    }
  }
  LedgerSettings s = flat_settings();
  s.tariff.import_price = profile_price(p, us_pacific_zone());
  return s;
}
const TimePoint kPlugIn = kNoon + chr::hours{3} + chr::minutes{30};  // 22:30 UTC = 15:30 PDT

TEST_P(LedgerBaseline, PricesTheKwhWhenChargeNowWouldHaveBoughtIt) {
  const auto& c = GetParam();
  LedgerState state{kPlugIn + chr::hours{2}, kPlugIn, c.session_kwh_before};
  const TimePoint now = *state.last_at + Seconds{60};
  const LedgerStep step =
      account_cycle(state, snapshot({0, 4840, 0}, {CS::Charging, 16}, now), peak_at_four());
  const double kwh = 3840.0 * 60 / kH;
  EXPECT_EQ(step.entry.baseline_at, kPlugIn + Seconds{c.want_after_plug_in_s});
  EXPECT_DOUBLE_EQ(step.entry.baseline_price, c.want_price);
  EXPECT_NEAR(step.entry.baseline_cost, kwh * c.want_price, 1e-12);
  EXPECT_NEAR(step.next.session_kwh, c.session_kwh_before + kwh, 1e-12);
  EXPECT_EQ(step.next.session_start, kPlugIn);
}

INSTANTIATE_TEST_SUITE_P(
    PlugInAt1530, LedgerBaseline,
    ::testing::Values(BaselineCase{"first_kwh_at_plug_in", 0, 0, 0.10},
                      BaselineCase{"3_kwh_in_is_23_min_later", 3.0, 1406, 0.10},  // 3/7.68 h
                      BaselineCase{"3_84_kwh_in_is_16_00", 3.84, 1800, 0.50},
                      // Never later than now: charge-now is never behind (2 h 1 min here).
                      BaselineCase{"more_than_max_rate_capped_at_now", 100, 7260, 0.50}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(LedgerSession, StartsAtPlugInAccumulatesAndEndsAtUnplug) {
  const LedgerSettings s = flat_settings();
  LedgerState state;
  TimePoint t = kNoon;
  auto step = account_cycle(state, snapshot({6000, 1000, 0}, {CS::Disconnected, 0}, t), s);
  EXPECT_FALSE(step.next.session_start.has_value());
  EXPECT_EQ(step.entry.baseline_at, TimePoint{});

  t += Seconds{30};  // plugged in during these 30 s: charge-now starts at their beginning
  step = account_cycle(step.next, snapshot({6000, 4840, 0}, {CS::Charging, 16}, t), s);
  EXPECT_EQ(step.next.session_start, t - Seconds{30});
  EXPECT_NEAR(step.next.session_kwh, 3840 * 30 / kH, 1e-12);

  t += Seconds{30};
  step = account_cycle(step.next, snapshot({6000, 4840, 0}, {CS::Charging, 16}, t), s);
  EXPECT_EQ(step.next.session_start, t - Seconds{60});
  EXPECT_NEAR(step.next.session_kwh, 3840 * 60 / kH, 1e-12);

  t += Seconds{30};
  step = account_cycle(step.next, snapshot({6000, 1000, 0}, {CS::Disconnected, 0}, t), s);
  EXPECT_FALSE(step.next.session_start.has_value());
  EXPECT_EQ(step.next.session_kwh, 0);
}

TEST(LedgerTotalsTest, AddsEntries) {
  LedgerEntry a;
  a.car_kwh = 1;
  a.solar_kwh = 1;
  a.export_forgone = a.cost = 0.062;
  a.baseline_cost = 0.2291;
  LedgerEntry b;
  b.car_kwh = b.grid_kwh = 2;
  b.grid_cost = b.cost = b.baseline_cost = 0.4582;
  LedgerTotals t;
  t += a;
  t += b;
  EXPECT_EQ(t.cycles, 2);
  EXPECT_DOUBLE_EQ(t.car_kwh, 3);
  EXPECT_DOUBLE_EQ(t.grid_kwh, 2);
  EXPECT_NEAR(t.saving(), 0.2291 - 0.062, 1e-12);
}

TimePoint utc(int y, unsigned mo, unsigned d, int h, int mi = 0, int s = 0) {
  return TimePoint{chr::sys_days{chr::year{y} / mo / d}.time_since_epoch()} + chr::hours{h} +
         chr::minutes{mi} + Seconds{s};
}

struct PeriodCase {
  const char* name;
  LocalZone zone;
  TimePoint now, want_today, want_month, want_year;
};

void PrintTo(const PeriodCase& c, std::ostream* os) { *os << c.name; }

class SavingsPeriodsTest : public ::testing::TestWithParam<PeriodCase> {};

TEST_P(SavingsPeriodsTest, LocalDayMonthAndYearStarts) {
  const auto& c = GetParam();
  const SavingsPeriods p = savings_periods(c.zone, c.now);
  EXPECT_EQ(p.today_start, c.want_today);
  EXPECT_EQ(p.month_start, c.want_month);
  EXPECT_EQ(p.year_start, c.want_year);
}

INSTANTIATE_TEST_SUITE_P(
    Zones, SavingsPeriodsTest,
    ::testing::Values(
        // 22:00 PDT on 14 June: still the 14th locally; the year began in PST.
        PeriodCase{"pacific_evening", us_pacific_zone(), utc(2026, 6, 15, 5), utc(2026, 6, 14, 7),
                   utc(2026, 6, 1, 7), utc(2026, 1, 1, 8)},
        // A second before midnight Pacific on 31 December: still last year locally.
        PeriodCase{"pacific_new_year_eve", us_pacific_zone(), utc(2026, 1, 1, 7, 59, 59),
                   utc(2025, 12, 31, 8), utc(2025, 12, 1, 8), utc(2025, 1, 1, 8)},
        PeriodCase{"pacific_new_year", us_pacific_zone(), utc(2026, 1, 1, 8), utc(2026, 1, 1, 8),
                   utc(2026, 1, 1, 8), utc(2026, 1, 1, 8)},
        // DST starts on 8 March 2026: the day began in PST, the month too.
        PeriodCase{"pacific_dst_start_day", us_pacific_zone(), utc(2026, 3, 8, 12),
                   utc(2026, 3, 8, 8), utc(2026, 3, 1, 8), utc(2026, 1, 1, 8)},
        // DST ends on 1 November 2026: the day and the month began in PDT.
        PeriodCase{"pacific_dst_end_day", us_pacific_zone(), utc(2026, 11, 2, 6),
                   utc(2026, 11, 1, 7), utc(2026, 11, 1, 7), utc(2026, 1, 1, 8)},
        PeriodCase{"berlin_after_midnight", europe_berlin_zone(), utc(2026, 6, 15, 0, 30),
                   utc(2026, 6, 14, 22), utc(2026, 5, 31, 22), utc(2025, 12, 31, 23)},
        // Sydney's year begins in its summer time (UTC+11), on the 31st in UTC.
        PeriodCase{"sydney_summer", australia_sydney_zone(), utc(2026, 1, 15, 12),
                   utc(2026, 1, 14, 13), utc(2025, 12, 31, 13), utc(2025, 12, 31, 13)}),
    [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace p15
