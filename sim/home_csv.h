#pragma once
// A home's own measurements, from any meter's CSV or from the Tesla app's energy export, turned
// into the HouseholdSeries the simulator and the backtest replay (docs/own-data.md). The CSV is
// read with the Fast C++ CSV Parser (Debian's libfccp-dev); every error names the file, the
// line and the column.
#include <optional>
#include <string>
#include <string_view>

#include "service/core/result.h"
#include "service/core/tariff.h"
#include "service/core/types.h"
#include "sim/household_data.h"

namespace p15::sim {

enum class CsvFormat { Generic, Tesla };
// Power: each row holds the average power over its interval. Energy: the energy in it.
enum class CsvQuantity { Power, Energy };
enum class CsvUnit { W, kW, Wh, kWh };

struct HomeCsvOptions {
  std::string time_column = "time";
  std::string solar_column = "solar";
  std::string load_column = "load";
  CsvQuantity quantity = CsvQuantity::Power;
  CsvUnit unit = CsvUnit::kW;
  // "UTC", one of zone_names() or an IANA name: the home's local time. A timestamp without an
  // offset is read in it; the replay's days are its days.
  std::string zone = "UTC";
  std::optional<Seconds> step;  // nullopt: the timestamps' most common spacing
  // The timestamp labels the end of its interval, not the start (the Tesla app's export).
  bool label_marks_end = false;
};

// The Tesla app's energy export ("Date time,Home (kW),Solar (kW),Powerwall (kW),Grid (kW),
// Energy Remaining (%)", 5-minute rows stamped with their offset): Home is the load.
HomeCsvOptions tesla_export_options();

// A power needs W or kW, an energy Wh or kWh.
Status check_unit(CsvQuantity quantity, CsvUnit unit);

// `text` is the file's content, `file` its name for the messages.
Result<HouseholdSeries> parse_home_csv(std::string_view text, const std::string& file,
                                       const HomeCsvOptions& options);
Result<HouseholdSeries> load_home_csv(const std::string& path, const HomeCsvOptions& options);

// "YYYY-MM-DD[T ]HH:MM[:SS]" with an optional "Z", "+HH:MM" or "-HH:MM". No offset: nullopt
// in `offset`, the wall time is the home zone's.
struct CsvTime {
  LocalSeconds wall{};
  std::optional<Seconds> offset;
};
std::optional<CsvTime> parse_csv_time(std::string_view text);

// Averages a finer series into intervals of `step` (a multiple of the series' step), aligned on
// UTC multiples of `step`; an interval is missing only when all its samples are. The backtest
// plans in half hours and reads one sample per half hour, so a 5-minute export is averaged
// first, not sampled.
HouseholdSeries average_to_step(const HouseholdSeries& series, Seconds step);

// The first local midnight at or after the series' start, and how many whole local days the
// series covers from it.
LocalSeconds first_full_day(const HouseholdSeries& series);
int full_days_from(const HouseholdSeries& series, LocalSeconds start);

}  // namespace p15::sim
