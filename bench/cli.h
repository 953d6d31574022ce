#pragma once
// p15-backtest's command line.
#include <cstdint>
#include <string>
#include <vector>

#include "service/core/result.h"

namespace p15::bench {

// Names --policy accepts besides the service's policies: the two LP bounds.
inline constexpr const char* kOptimum = "optimum";
inline constexpr const char* kSelfPowered = "self-powered";

struct Options {
  int days = 365;
  std::vector<std::string> datasets;  // opsd, ausgrid
  std::vector<std::string> tariffs;   // flat, tou-nbt, FILE.yml
  std::vector<std::string> policies;  // service policies, optimum, self-powered
  std::vector<std::string> profiles;  // commute, home
  std::string out_dir = "backtest-out";
  std::uint64_t seed = 1;
  std::string data_dir;
  double step_s = 30;
  int jobs = 2;
  std::string lp_method = "interior";  // interior or simplex (GLPK)
  bool progress = true;
  bool help = false;
};

std::string usage();
// `default_data_dir` is used when neither --data-dir nor P15_DATA_DIR is given.
Result<Options> parse_args(const std::vector<std::string>& args,
                           const std::string& default_data_dir);

}  // namespace p15::bench
