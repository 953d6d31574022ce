#pragma once
// Tariffs as data: what a kWh imported costs and what a kWh exported earns, for any UTC hour.
// Pure maths only (price lookup, cost of a grid flow); parsing price files lives in sim/.
//
// Utility tariffs are defined in the utility's local prevailing time (PG&E: Pacific). The zone
// rules are Howard Hinnant's date/tz over the OS database (tzdata). Looking a zone up reads that
// database, so only adapters do it (service/config/time_zones.h); the core gets the zone object.
// date/tz 3.0.1 reads a zone file's transitions, not its POSIX footer: Debian's files list them
// to 2037, so later dates keep the last offset (the data and the tests are 2010..2026).
#include <array>
#include <chrono>
#include <string>
#include <vector>

#include "service/core/types.h"

namespace date {
class time_zone;
}

namespace p15 {

using LocalSeconds = std::chrono::local_seconds;

// A zone of the OS database. Default: UTC (tz null); the adapters set the home's zone.
struct LocalZone {
  std::string name = "UTC";             // the IANA name, as /savings reports it
  const date::time_zone* tz = nullptr;  // lives as long as the program (date/tz's database)
};

Seconds utc_offset(const LocalZone& zone, TimePoint utc);
LocalSeconds to_local(const LocalZone& zone, TimePoint utc);
// The local day `utc` falls in, as days since 1970-01-01 in local time: the day a daily budget
// (the Powerwall's settings requests) counts in.
long long local_day_number(const LocalZone& zone, TimePoint utc);

// A wall-clock time maps to 0 instants (skipped when DST starts), 1, or 2 (repeated when DST ends).
struct LocalToUtc {
  int matches = 0;
  TimePoint earlier{};  // matches 0: the wall time read with the offset in force before the gap
  TimePoint later{};    // == earlier unless matches == 2
};
LocalToUtc to_utc(const LocalZone& zone, LocalSeconds local);

enum class DayType { Weekday = 0, WeekendOrHoliday = 1 };

// PG&E's tariff holidays (they count as weekend days), as data: a fixed date, observed on the
// Monday when it falls on a Sunday, or the n-th weekday of a month (week 5 = the last).
struct HolidayRule {
  enum class Kind { FixedDate, NthWeekday };
  const char* name;
  Kind kind;
  unsigned month;        // 1..12
  unsigned day;          // FixedDate: day of month; NthWeekday: week 1..4, or 5 for the last
  unsigned weekday = 0;  // NthWeekday: 0 = Sunday, as std::chrono::weekday::c_encoding()
};
inline constexpr std::array<HolidayRule, 8> kPgeHolidays{{
    {"New Year's Day", HolidayRule::Kind::FixedDate, 1, 1},
    {"Presidents Day", HolidayRule::Kind::NthWeekday, 2, 3, 1},  // 3rd Monday of February
    {"Memorial Day", HolidayRule::Kind::NthWeekday, 5, 5, 1},    // last Monday of May
    {"Independence Day", HolidayRule::Kind::FixedDate, 7, 4},
    {"Labor Day", HolidayRule::Kind::NthWeekday, 9, 1, 1},  // 1st Monday of September
    {"Veterans Day", HolidayRule::Kind::FixedDate, 11, 11},
    {"Thanksgiving", HolidayRule::Kind::NthWeekday, 11, 4, 4},  // 4th Thursday of November
    {"Christmas", HolidayRule::Kind::FixedDate, 12, 25},
}};
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
  LocalZone zone;
};

PriceSchedule flat_price(double per_kwh);
PriceSchedule table_price(std::vector<HourlyPrice> hours, const LocalZone& zone);
PriceSchedule profile_price(const LocalHourProfile& profile, const LocalZone& zone);
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
// That import rate with an hourly export table (e.g. PG&E NBT25 values), both read in `pacific`.
Tariff tou_tariff(std::vector<HourlyPrice> export_hours, const LocalZone& pacific);

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
