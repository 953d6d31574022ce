#pragma once
// Table rows for the command lines' refusals (p15-sim, p15-backtest): the arguments and the
// option the error must name.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

namespace p15 {

struct BadArgs {
  const char* name;
  std::vector<std::string> args;
  const char* names;  // the option the message must name
};

// "--days 7 --no-progress" as the arguments a shell would pass (no quoting).
inline std::vector<std::string> words(const std::string& line) {
  std::vector<std::string> out;
  std::istringstream in(line);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

inline std::string bad_args_name(const ::testing::TestParamInfo<BadArgs>& info) {
  return info.param.name;
}

// A parse result (Result<...>) that failed with a message naming `option`.
template <class R>
::testing::AssertionResult refused_naming(const R& r, const std::string& option) {
  if (r.ok()) return ::testing::AssertionFailure() << "accepted";
  if (r.error().message.find(option) == std::string::npos) {
    return ::testing::AssertionFailure()
           << "message does not name " << option << ": " << r.error().message;
  }
  return ::testing::AssertionSuccess();
}

}  // namespace p15
