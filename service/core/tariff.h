#pragma once
// Tariffs as data: what a kWh imported costs and what a kWh exported earns, for any UTC hour.
// Pure maths only (price lookup, cost of a grid flow); parsing price files lives in sim/.
//
// Utility tariffs are defined in the utility's local prevailing time (PG&E: Pacific), and GCC 12
// ships no time-zone database, so the fixed-rule zone below does the local-time arithmetic. The
// rules are the current ones (US since 2007, EU since 1996, NSW since 2008); older dates are out
// of scope.
#include <array>
#include <chrono>
#include <string>
#include <vector>

#include "service/core/types.h"

namespace p15 {

using LocalSeconds = std::chrono::local_seconds;

// When daylight saving time starts or ends: the `week`-th `weekday` of `month` (week 5 = the
// last one), at `at_wall` after local midnight on the wall clock in force before the change.
struct TransitionRule {
  unsigned month = 1;    // 1..12
  unsigned week = 1;     // 1..4, or 5 for the last
  unsigned weekday = 0;  // 0 = Sunday, as std::chrono::weekday::c_encoding()
  Seconds at_wall{0};
};

// A time zone with one fixed standard offset and one yearly DST rule.
struct LocalZone {
  std::string name;
  Seconds standard_offset{0};  // local = utc + offset
  Seconds dst_offset{0};
  TransitionRule dst_start;
  TransitionRule dst_end;
};

LocalZone us_pacific_zone();        // America/Los_Angeles
LocalZone europe_berlin_zone();     // Europe/Berlin
LocalZone australia_sydney_zone();  // Australia/Sydney

Seconds utc_offset(const LocalZone& zone, TimePoint utc);
LocalSeconds to_local(const LocalZone& zone, TimePoint utc);

// A wall-clock time maps to 0 instants (skipped when DST starts), 1, or 2 (repeated when DST ends).
struct LocalToUtc {
  int matches = 0;
  TimePoint earlier{};  // valid when matches >= 1
  TimePoint later{};    // == earlier when matches == 1
};
LocalToUtc to_utc(const LocalZone& zone, LocalSeconds local);

enum class DayType { Weekday = 0, WeekendOrHoliday = 1 };

// PG&E's tariff holidays (they count as weekend days): New Year, Presidents Day, Memorial Day,
// Independence Day, Labor Day, Veterans Day, Thanksgiving, Christmas. A fixed-date holiday on a
// Sunday is observed on the Monday after.
bool is_pge_holiday(std::chrono::year_month_day day);
DayType pge_day_type(std::chrono::year_month_day day);

// Prices in $/kWh by local month (1..12), day type and local hour (0..23): the grid on which
// PG&E publishes both its TOU import rates and its NBT export values.
struct LocalHourProfile {
  std::array<double, 12 * 2 * 24> per_kwh{};
  double& at(unsigned month, DayType day, unsigned hour);
  double at(unsigned month, DayType day, unsigned hour) const;
};

// One published hourly price, its hour starting at `start` (UTC).
struct HourlyPrice {
  TimePoint start{};
  double per_kwh = 0;
};

// How a price is found for a UTC instant.
struct PriceSchedule {
  enum class Kind { Flat, Table, Profile };
  Kind kind = Kind::Flat;
  double flat_per_kwh = 0;
  // Table: exact UTC hours, sorted. Outside the table's hours, `profile` answers, derived from
  // the table so that a 2025 table prices a 2016 simulation by month, day type and hour.
  std::vector<HourlyPrice> table;
  LocalHourProfile profile;  // read in `zone`'s local time
  LocalZone zone = us_pacific_zone();
};

PriceSchedule flat_price(double per_kwh);
PriceSchedule table_price(std::vector<HourlyPrice> hours,
                          const LocalZone& zone = us_pacific_zone());
PriceSchedule profile_price(const LocalHourProfile& profile,
                            const LocalZone& zone = us_pacific_zone());
double price_at(const PriceSchedule& schedule, TimePoint utc);

// Each (month, day type, hour) cell takes the last table value that falls in it; cells the table
// never reaches stay 0.
LocalHourProfile profile_from_table(const std::vector<HourlyPrice>& hours, const LocalZone& zone);

struct Tariff {
  std::string name;
  PriceSchedule import_price;  // $/kWh the home pays for energy from the grid
  PriceSchedule export_price;  // $/kWh the home is credited for energy into the grid
};

// The original project's figures: import $0.2291/kWh, export $0.062/kWh.
inline constexpr double kSeedImportPerKwh = 0.2291;
inline constexpr double kSeedExportPerKwh = 0.062;
Tariff flat_tariff(double import_per_kwh = kSeedImportPerKwh,
                   double export_per_kwh = kSeedExportPerKwh);

// A PG&E E-TOU-C-like import rate: peak 16:00-21:00 Pacific every day, other hours off-peak.
// APPROXIMATE bundled residential values read off PG&E's 2024-2025 E-TOU-C rate sheets
// (pge.com/tariffs), rounded: summer (June-September) peak 0.60, off-peak 0.50 $/kWh; winter
// (October-May) peak 0.49, off-peak 0.46 $/kWh. For simulation, not for billing.
LocalHourProfile pge_tou_import_profile();
// That import rate with an hourly export table (e.g. PG&E NBT25 values).
Tariff tou_tariff(std::vector<HourlyPrice> export_hours);

double import_price_at(const Tariff& tariff, TimePoint utc);
double export_price_at(const Tariff& tariff, TimePoint utc);

// Energy through the meter and its money, accumulated over steps.
struct GridCost {
  double import_kwh = 0;
  double export_kwh = 0;
  double import_cost = 0;    // $ paid
  double export_credit = 0;  // $ earned
  double net_cost() const { return import_cost - export_credit; }
  GridCost& operator+=(const GridCost& other);
};

// The cost of a constant grid flow (Tesla sign: > 0 import, < 0 export) for dt_s seconds from
// `start`, priced hour by hour where the interval crosses a UTC hour boundary.
GridCost grid_cost(const Tariff& tariff, TimePoint start, double grid_w, double dt_s);

}  // namespace p15
