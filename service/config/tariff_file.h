#pragma once
// Tariffs as data, read from files into the pure structs of service/core/tariff.h. Used by the
// service (config `tariff.*`), p15-sim and p15-backtest alike, so all three price the same way.
//
// Hourly price files hold UTC hours with a price in $/kWh, as in PG&E's NBT export values
// converted by github.com/danielraffel/pge-feed-in-rates (EVCC custom-tariff shape):
//   JSON: [{"start": "2025-01-01T08:00:00Z", "end": "2025-01-01T09:00:00Z", "price": 0.0889}, ...]
//   YAML: prices:                       (or the sequence at the top level)
//           - {start: "2025-01-01T08:00:00Z", price: 0.0889}
// `end`, when present, must be one hour after `start`.
//
// A tariff file (bench/tariffs/example-tou.yml):
//   name: my-tariff                  # optional, default: the file name without extension
//   zone: us-pacific                 # optional: us-pacific, europe-berlin, australia-sydney
//   import: 0.30                     # a flat $/kWh, or
//   import: {hourly: [0.30, ...]}    # 24 prices by local hour, every day of the year, or
//   import: {prices: [{start: "2025-01-01T08:00:00Z", price: 0.31}, ...]}   # UTC hours as
//                                    # above; hours outside the table take its
//                                    # month x day type x hour profile
//   export: (the same three forms)
#include <istream>
#include <string>
#include <vector>

#include "service/config/time_zones.h"
#include "service/core/result.h"
#include "service/core/tariff.h"

namespace p15 {

Result<std::vector<HourlyPrice>> parse_hourly_prices_json(std::istream& in);
Result<std::vector<HourlyPrice>> parse_hourly_prices_yaml(std::istream& in);
// By extension: .json, or .yaml / .yml. Errors name the path.
Result<std::vector<HourlyPrice>> load_hourly_prices(const std::string& path);

// A tariff file as described above. Errors name the path and the field.
Result<Tariff> load_tariff_file(const std::string& path);

// flat_tariff() read in the zone configured as `zone_name` (us-pacific, ...): flat prices need
// no zone, but "today" in /savings and a departure's local time do.
Result<Tariff> load_flat_tariff(double import_per_kwh, double export_per_kwh,
                                const std::string& zone_name);

// PG&E's NBT25 export values as published (p15-sim's and the backtest's default data file).
inline constexpr const char* kNbt25File = "pge_nbt25_export_rates.json";

// "tou-nbt": PG&E E-TOU-C-like import with the hourly export values of `nbt_export_file`.
Result<Tariff> load_tou_nbt_tariff(const std::string& nbt_export_file);

}  // namespace p15
