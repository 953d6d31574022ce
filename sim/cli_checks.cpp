#include "sim/cli_checks.h"

#include <charconv>
#include <cmath>
#include <sstream>

namespace p15::sim {

namespace {

std::string interval(double lo, double hi) {
  std::ostringstream out;
  out << "[" << lo << ", " << hi << "]";
  return out.str();
}

}  // namespace

CLI::Validator number_in(double lo, double hi, bool whole) {
  const std::string expected = std::string("expected ") + (whole ? "a whole number" : "a number") +
                               " in " + interval(lo, hi);
  return CLI::Validator(
      [=](std::string& text) -> std::string {
        double v = 0;
        const char* end = text.data() + text.size();
        const auto [used, ec] = std::from_chars(text.data(), end, v);
        const bool number = !text.empty() && ec == std::errc() && used == end && std::isfinite(v);
        if (!number || v < lo || v > hi || (whole && v != std::floor(v))) {
          return expected + ", got '" + text + "'";
        }
        if (whole) text = std::to_string(static_cast<long long>(v));
        return {};
      },
      "");
}

CLI::Validator one_of(const std::vector<std::string>& names) {
  std::string list;
  for (const auto& n : names) list += (list.empty() ? "" : "|") + n;
  return CLI::Validator(
      [=](std::string& text) -> std::string {
        for (const auto& n : names) {
          if (text == n) return {};
        }
        return "expected " + list + ", got '" + text + "'";
      },
      "");
}

void use_house_defaults(CLI::App& app) {
  app.set_help_flag();
  app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
}

Status parse_command_line(CLI::App& app, const std::vector<std::string>& args) {
  std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 takes them last first
  try {
    app.parse(reversed);
  } catch (const CLI::ExtrasError& e) {
    return Error{std::string(e.what()) + " (see --help)"};
  } catch (const CLI::ParseError& e) {
    return Error{e.what()};
  }
  return ok_status();
}

}  // namespace p15::sim
