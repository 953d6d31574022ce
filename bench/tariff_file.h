#pragma once
// Tariffs as data: "flat" and "tou-nbt" (sim/tariff_loader.h), or a YAML file of hourly prices:
//
//   name: my-tariff                  # optional, default: the file name without extension
//   zone: us-pacific                 # optional: us-pacific, europe-berlin, australia-sydney
//   import: 0.30                     # a flat $/kWh, or
//   import: {hourly: [0.30, ...]}    # 24 prices by local hour, every day of the year, or
//   import: {prices: [{start: "2025-01-01T08:00:00Z", price: 0.31}, ...]}   # UTC hours, as
//                                    # sim/tariff_loader.h reads them; hours outside the table
//                                    # take its month x day type x hour profile
//   export: (the same three forms)
#include <string>

#include "service/core/result.h"
#include "service/core/tariff.h"

namespace p15::bench {

Result<Tariff> load_tariff_file(const std::string& path);

// "flat", "tou-nbt", or a path ending in .yml / .yaml.
Result<Tariff> make_bench_tariff(const std::string& spec, const std::string& data_dir);

}  // namespace p15::bench
