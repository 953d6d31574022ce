#pragma once
// The --csv flags p15-sim and p15-backtest share, so both read a home's own data the same way
// (docs/own-data.md).
#include <CLI/CLI.hpp>
#include <string>

#include "service/core/result.h"
#include "sim/home_csv.h"

namespace p15::sim {

struct HomeCsvFlags {
  std::string file;                // empty: no CSV, the programs use their datasets
  std::string format = "generic";  // generic or tesla
  // Empty: the format's default (generic: time, solar, load, power in kW; tesla: its columns).
  std::string time_column, solar_column, load_column, quantity, unit;
  std::string zone = "UTC";
  double step_s = 0;  // 0: inferred from the timestamps
};

void add_home_csv_flags(CLI::App& app, HomeCsvFlags& flags);

// The options the flags describe. Error: a unit that does not fit the quantity, naming both.
Result<HomeCsvOptions> home_csv_options(const HomeCsvFlags& flags);

// Reads flags.file, averages it into intervals of `average_to` when they are longer than its
// own (0: never), then gives missing intervals the values of the day before.
Result<HouseholdSeries> load_home_series(const HomeCsvFlags& flags,
                                         Seconds average_to = Seconds{0});

}  // namespace p15::sim
