#pragma once
// Reads hourly price files into the pure tariff structs of service/core/tariff.h.
//
// Both formats hold UTC hours with a price in $/kWh, as in PG&E's NBT export values converted by
// github.com/danielraffel/pge-feed-in-rates (EVCC custom-tariff shape):
//   JSON: [{"start": "2025-01-01T08:00:00Z", "end": "2025-01-01T09:00:00Z", "price": 0.0889}, ...]
//   YAML: prices:                       (or the sequence at the top level)
//           - {start: "2025-01-01T08:00:00Z", price: 0.0889}
// `end`, when present, must be one hour after `start`.
#include <istream>
#include <string>
#include <vector>

#include "service/core/result.h"
#include "service/core/tariff.h"

namespace p15::sim {

Result<std::vector<HourlyPrice>> parse_hourly_prices_json(std::istream& in);
Result<std::vector<HourlyPrice>> parse_hourly_prices_yaml(std::istream& in);
// By extension: .json, or .yaml / .yml.
Result<std::vector<HourlyPrice>> load_hourly_prices(const std::string& path);

inline constexpr const char* kNbt25File = "pge_nbt25_export_rates.json";

// "flat": the seed's flat import/export; "tou-nbt": PG&E E-TOU-C-like import with NBT25 export
// values from <data_dir>/pge_nbt25_export_rates.json.
Result<Tariff> make_tariff(const std::string& name, const std::string& data_dir);

}  // namespace p15::sim
