#pragma once
// Real household measurements turned into one common series: for each interval (1 h for OPSD,
// 30 min for Ausgrid), the real UTC start, the average PV output and the average house load in W.
// The house load never includes an EV: the simulated car replaces any EV in the data.
#include <istream>
#include <string>
#include <vector>

#include "service/core/result.h"
#include "service/core/tariff.h"
#include "service/core/types.h"

namespace p15::sim {

enum class Dataset { Opsd, Ausgrid };

struct HouseholdSample {
  TimePoint utc{};       // start of the interval
  double solar_w = 0;    // average PV output over the interval, after pv_scale
  double load_w = 0;     // average house consumption over the interval, after load_scale
  bool missing = false;  // not measured; fill_missing_from_previous_day gives it values
};

struct HouseholdSeries {
  std::string name;
  LocalZone zone;  // the dataset's local time (its labels are in it)
  Seconds step{3600};
  std::vector<HouseholdSample> samples;  // contiguous: samples[i].utc == first + i * step
  // What the loader did to the data, for logs and tests.
  int dropped_rows = 0;      // labels that name no real time (DST start) or repeat a slot
  int spread_intervals = 0;  // intervals that got an even share of a difference across a gap
  int missing_intervals = 0;
  int clamped_negative = 0;        // intervals whose computed load was below 0 and became 0
  int clamped_negative_solar = 0;  // intervals whose solar was below 0 (a meter's night draw)
};

struct LoadOptions {
  double pv_scale = 1.0;
  double load_scale = 1.0;
  // OPSD: a counter difference across a gap of up to this many hours is spread evenly over the
  // gap's hours (energy kept, shape lost); longer gaps become missing intervals.
  int max_spread_gap_h = 6;
};

// The Ausgrid array is 1.04 kWp; by default it is scaled to a typical 7 kWp California roof
// (x 6.73). OPSD's array already yields about 11 MWh a year, what a 7 kWp roof makes in
// California, so it is used as measured. Loads are used as measured.
inline constexpr double kAusgridPvKwp = 1.04;
inline constexpr double kCaliforniaRoofKwp = 7.0;
LoadOptions default_load_options(Dataset dataset);

// OPSD DE_KN_residential4 (cumulative kWh counters, Europe/Berlin labels mislabelled as UTC).
Result<HouseholdSeries> parse_opsd_csv(std::istream& in, const LoadOptions& options);
// Ausgrid customer 12 (kW half-hour averages labelled by interval start, Sydney wall clock).
Result<HouseholdSeries> parse_ausgrid_csv(std::istream& in, const LoadOptions& options);

std::string dataset_file(Dataset dataset);  // file name inside the data directory
Result<HouseholdSeries> load_household(Dataset dataset, const std::string& data_dir,
                                       const LoadOptions& options);

// Gives each missing interval the values of the same interval a day earlier (or, at the start
// of the series, a day later). The `missing` flag stays set so totals can skip them.
void fill_missing_from_previous_day(HouseholdSeries& series);

// The sample covering `utc`, looping: times before or after the series wrap around it.
const HouseholdSample& sample_at(const HouseholdSeries& series, TimePoint utc);

// The real instant of a wall-clock time in the dataset's zone (a skipped time maps as if
// standard time, a repeated one to its first occurrence). Used to replay the data by wall clock.
TimePoint dataset_time(const HouseholdSeries& series, LocalSeconds wall);

struct EnergyTotals {
  double solar_kwh = 0;
  double load_kwh = 0;
  int intervals = 0;  // measured intervals counted
};
// Sum over measured intervals whose local start lies in [from, to).
EnergyTotals totals(const HouseholdSeries& series, LocalSeconds from, LocalSeconds to);

}  // namespace p15::sim
