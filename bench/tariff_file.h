#pragma once
// The backtest's --tariff values: "flat" and "tou-nbt" (sim/tariff_loader.h), or a tariff file
// in the format of service/config/tariff_file.h (the service's `tariff.file` reads the same).
#include <string>

#include "service/config/tariff_file.h"

namespace p15::bench {

using p15::load_tariff_file;

// "flat", "tou-nbt", or a path ending in .yml / .yaml.
Result<Tariff> make_bench_tariff(const std::string& spec, const std::string& data_dir);

}  // namespace p15::bench
