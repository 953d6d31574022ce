#pragma once
// Invariant checks for the libFuzzer targets: a broken invariant prints what broke and aborts, so
// libFuzzer saves the input as a crash artifact exactly as it does for a sanitizer report.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace p15::fuzz {

[[noreturn]] inline void fail(const std::string& what, const std::string& detail) {
  std::fprintf(stderr, "fuzz invariant broken: %s\n  %s\n", what.c_str(), detail.c_str());
  std::abort();
}

inline void check(bool ok, const std::string& what, const std::string& detail = "") {
  if (!ok) fail(what, detail);
}

// `v` is finite and within [lo, hi].
inline void check_in(const std::string& field, double v, double lo, double hi) {
  if (!std::isfinite(v) || v < lo || v > hi) {
    fail(field + " out of its documented range",
         std::to_string(v) + " not in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
  }
}

inline bool starts_with(const std::string& s, const std::string& prefix) {
  return s.rfind(prefix, 0) == 0;
}

}  // namespace p15::fuzz
