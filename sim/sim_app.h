#pragma once
// Wires p15-sim together: data, tariff, database, fake Fleet API, /status, signals and pacing.
#include <string>

#include "sim/sim_options.h"

namespace p15::sim {

// <repo root>/../shared/data, the repo root found by walking up from `exe_path` (or the current
// directory) to the folder holding CMakeLists.txt and sim/; "../shared/data" if none is found.
std::string default_data_dir(const std::string& exe_path);
// The nearest config/schema.sql above the executable (a build tree in the checkout), else above
// the working directory (the image's /opt/p15); "config/schema.sql" when there is none.
std::string default_schema_file(const std::string& exe_path);

// Runs until --duration-h of simulated time has passed or SIGINT/SIGTERM; returns the exit code.
int run_sim(SimOptions options, const std::string& exe_path);

}  // namespace p15::sim
