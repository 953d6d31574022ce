#include "tests/ecosystem/spec_coverage.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace p15::test {

namespace {

const std::set<std::string> kMethods = {"get",     "put",  "post",  "delete",
                                        "options", "head", "patch", "trace"};

std::string server_url(const YAML::Node& node) {
  const YAML::Node servers = node["servers"];
  if (!servers || !servers.IsSequence() || servers.size() == 0) return "";
  std::string url = servers[0]["url"].as<std::string>("");
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

struct Split {
  std::string method;
  std::string path;
};

Split split(const std::string& op) {
  auto space = op.find(' ');
  return {op.substr(0, space), op.substr(space + 1)};
}

bool is_prefix_route(const std::string& path) { return !path.empty() && path.back() == '*'; }

std::string without_trailing_slash(const std::string& path) {
  return path.size() > 1 && path.back() == '/' ? path.substr(0, path.size() - 1) : path;
}

bool starts_with(const std::string& s, const std::string& prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

// The route the Router would dispatch `op` to, or "" when none: the exact path, then the longest
// prefix, then the path without its trailing '/'. A {parameter} never matches an exact route.
std::string target(const std::vector<std::string>& routes, const Split& op) {
  bool templated = op.path.find('{') != std::string::npos;
  std::string best_prefix;
  std::string stripped;
  for (const auto& route : routes) {
    Split r = split(route);
    if (r.method != op.method) continue;
    if (is_prefix_route(r.path)) {
      std::string prefix = r.path.substr(0, r.path.size() - 1);
      if (starts_with(op.path, prefix) && route.size() > best_prefix.size()) best_prefix = route;
    } else if (!templated && r.path == op.path) {
      return route;
    } else if (!templated && r.path == without_trailing_slash(op.path)) {
      stripped = route;
    }
  }
  return best_prefix.empty() ? stripped : best_prefix;
}

}  // namespace

std::vector<std::string> spec_operations(const YAML::Node& spec) {
  std::vector<std::string> out;
  const std::string top = server_url(spec);
  for (const auto& entry : spec["paths"]) {
    const std::string path = entry.first.as<std::string>();
    const YAML::Node item = entry.second;
    const std::string server = item["servers"] ? server_url(item) : top;
    for (const auto& op : item) {
      std::string method = op.first.as<std::string>();
      if (!kMethods.count(method)) continue;  // servers, parameters, summary, ...
      std::transform(method.begin(), method.end(), method.begin(),
                     [](unsigned char c) { return std::toupper(c); });
      out.push_back(method + " " + server + path);
    }
  }
  return out;
}

CoverageGaps coverage_gaps(const std::vector<std::string>& routes,
                           const std::vector<std::string>& spec_ops) {
  CoverageGaps gaps;
  std::set<std::string> documented;
  for (const auto& op : spec_ops) {
    std::string route = target(routes, split(op));
    if (route.empty()) {
      gaps.not_served.push_back(op);
    } else {
      documented.insert(route);
    }
  }
  for (const auto& route : routes) {
    if (!documented.count(route)) gaps.not_in_spec.push_back(route);
  }
  return gaps;
}

}  // namespace p15::test
