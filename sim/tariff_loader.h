#pragma once
// The simulator's tariffs by name. The price-file parsers live in service/config/tariff_file.h
// (the service reads the same files); they are re-exported here for the simulator's callers.
#include <string>

#include "service/config/tariff_file.h"

namespace p15::sim {

using p15::kNbt25File;
using p15::load_hourly_prices;
using p15::parse_hourly_prices_json;
using p15::parse_hourly_prices_yaml;

// "flat": the seed's flat import/export, in Pacific time; "tou-nbt": PG&E E-TOU-C-like import with
// NBT25 export values from <data_dir>/pge_nbt25_export_rates.json.
Result<Tariff> make_tariff(const std::string& name, const std::string& data_dir);

}  // namespace p15::sim
