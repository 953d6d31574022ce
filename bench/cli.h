#pragma once
// p15-backtest's command line.
#include <cstdint>
#include <string>
#include <vector>

#include "service/core/result.h"
#include "sim/home_csv_flags.h"

namespace p15::bench {

// Names --policy accepts besides the service's policies: the two LP bounds.
inline constexpr const char* kOptimum = "optimum";
inline constexpr const char* kSelfPowered = "self-powered";
inline constexpr const char* kLevers = "levers";  // the LP within the Powerwall's levers
// The planner policy with other outlooks than its default learned ("weather-aware") one: the
// moving-average forecaster, and perfect foresight.
inline constexpr const char* kPlannerMa = "planner-ma";
inline constexpr const char* kPlannerOracle = "planner-oracle";
// Any planner name with this suffix: the car follows the plan's hours, not the smart policy.
inline constexpr const char* kPlanCarSuffix = "-pc";

struct Options {
  int days = 365;
  std::vector<std::string> datasets;  // opsd, ausgrid; "home" alone with --csv
  sim::HomeCsvFlags csv;              // --csv FILE: the home's own data instead of the datasets
  std::vector<std::string> tariffs;   // flat, tou-nbt, FILE.yml
  std::vector<std::string> policies;  // service policies, optimum, self-powered
  std::vector<std::string> profiles;  // commute, home
  std::string out_dir = "backtest-out";
  std::uint64_t seed = 1;
  std::string data_dir;
  double step_s = 30;
  int jobs = 2;
  std::string lp_method = "interior";  // interior or simplex (GLPK)
  // The replays' Powerwall: self-powered, or Time-Based Control with battery export ("tbc").
  std::string powerwall = "self-powered";
  int replan_s = 3600;  // the planner's planner.replan_s (the service's default is 900)
  bool progress = true;
  bool help = false;
};

std::string usage();
// `default_data_dir` is used when neither --data-dir nor P15_DATA_DIR is given.
Result<Options> parse_args(const std::vector<std::string>& args,
                           const std::string& default_data_dir);

}  // namespace p15::bench
