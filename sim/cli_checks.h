#pragma once
// CLI11 checks shared by p15-sim's and p15-backtest's command lines, so that both refuse the
// same things in the same words: "--days: expected a whole number in [1, 366], got '3x'".
#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "service/core/result.h"

namespace p15::sim {

// A decimal number in [lo, hi] (no hex, octal or trailing text); `whole`: an integer, then
// handed to CLI11's conversion as plain digits.
CLI::Validator number_in(double lo, double hi, bool whole = false);
// One of `names`, exactly.
CLI::Validator one_of(const std::vector<std::string>& names);

// A parser whose repeated options take the last value and whose help flag is the program's own.
void use_house_defaults(CLI::App& app);

// args excludes argv[0]. CLI11's failures become an Error naming the option.
Status parse_command_line(CLI::App& app, const std::vector<std::string>& args);

}  // namespace p15::sim
