// p15-sim: a simulated home for Project 15th Street (see sim/sim_options.cpp for the flags).
#include <spdlog/spdlog.h>

#include <iostream>

#include "sim/sim_app.h"
#include "sim/sim_options.h"

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  auto options = p15::sim::parse_sim_options(args, p15::sim::process_env());
  if (!options) {
    std::cerr << "p15-sim: " << options.error().message << "\n";
    return 2;
  }
  if (options->help) {
    std::cout << p15::sim::sim_usage();
    return 0;
  }
  spdlog::set_level(spdlog::level::from_str(options->log_level));
  try {
    return p15::sim::run_sim(std::move(options).value(), argv[0]);
  } catch (const std::exception& e) {
    spdlog::error("p15-sim: {}", e.what());
    return 1;
  }
}
