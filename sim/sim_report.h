#pragma once
// How the simulator shows what it did: the /status JSON and the one-line exit summary.
#include <cpprest/json.h>

#include <string>

#include "sim/simulation.h"

namespace p15::sim {

web::json::value status_json(const SimStats& stats, const SimConfig& config,
                             const std::string& tariff_name);
std::string summary_line(const SimStats& stats);

}  // namespace p15::sim
