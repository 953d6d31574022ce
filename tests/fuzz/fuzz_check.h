#pragma once
// Invariant checks for the libFuzzer targets: a broken invariant prints what broke and aborts, so
// libFuzzer saves the input as a crash artifact exactly as it does for a sanitizer report.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "service/core/result.h"

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

// A refused row: Invalid, and the message is `prefix` ("<table> row <id>: ") then the problem.
inline void check_row_error(const Error& e, const std::string& prefix) {
  check(e.kind == ErrorKind::Invalid, "a bad row is Invalid", e.message);
  check(starts_with(e.message, prefix) && e.message.size() > prefix.size(),
        "the error names the table and row, then the problem", e.message);
}

}  // namespace p15::fuzz
