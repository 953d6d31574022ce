#pragma once
// Compares the routes the service registers with the operations the OpenAPI description lists.
#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

namespace p15::test {

// Every "METHOD /full/path" in the spec: each path joined to its own servers[0].url, else the
// document's (so /healthcheck, with a path-level server "/", stays at the root).
std::vector<std::string> spec_operations(const YAML::Node& spec);

struct CoverageGaps {
  std::vector<std::string> not_in_spec;  // registered routes the spec does not describe
  std::vector<std::string> not_served;   // spec operations no route answers
  bool empty() const { return not_in_spec.empty() && not_served.empty(); }
};

// `routes` as Router::routes() lists them ("GET /x", prefix routes "GET /x/ui/*"). Mirrors the
// Router's matching: exact path, then prefix, then the path without its trailing '/'. A spec
// path with a {parameter} can only be served by a prefix route.
CoverageGaps coverage_gaps(const std::vector<std::string>& routes,
                           const std::vector<std::string>& spec_ops);

}  // namespace p15::test
