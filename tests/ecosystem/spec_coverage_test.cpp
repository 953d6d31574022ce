// The OpenAPI description against the routes the real App registers, both ways; and the checker
// itself against routes or spec paths removed on purpose.
#include "tests/ecosystem/spec_coverage.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "app/app.h"
#include "tests/ecosystem/eco_fixture.h"

namespace p15::test {
namespace {

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += "\n  " + s;
  return out;
}

std::vector<std::string> app_routes(const std::string& application_root) {
  Config c;
  c.service.application_root = application_root;
  auto app = App::create(c);  // opens nothing: no port, no database connection
  if (!app.ok()) throw std::runtime_error(app.error().message);
  return (*app)->router().routes();
}

std::vector<std::string> without(std::vector<std::string> items, const std::string& item) {
  auto it = std::find(items.begin(), items.end(), item);
  if (it == items.end()) throw std::runtime_error("not in the list: " + item);
  items.erase(it);
  return items;
}

class SpecCoverage : public ::testing::Test {
 protected:
  YAML::Node spec_ = YAML::LoadFile(spec_path());
  std::vector<std::string> ops_ = spec_operations(spec_);
  std::vector<std::string> routes_ = app_routes("/project_15th_street");
};

TEST_F(SpecCoverage, EveryRouteIsDescribedAndEveryDescribedPathIsServed) {
  CoverageGaps gaps = coverage_gaps(routes_, ops_);
  EXPECT_TRUE(gaps.not_in_spec.empty())
      << "routes missing from swagger/openapi.yaml:" << join(gaps.not_in_spec);
  EXPECT_TRUE(gaps.not_served.empty())
      << "spec operations nothing serves:" << join(gaps.not_served);
  // The listing itself must be the real one, not an empty match of empty lists.
  EXPECT_GE(routes_.size(), 12u) << join(routes_);
  EXPECT_NE(std::find(ops_.begin(), ops_.end(), "GET /healthcheck"), ops_.end()) << join(ops_);
  EXPECT_NE(std::find(ops_.begin(), ops_.end(), "GET /project_15th_street/battery-status"),
            ops_.end())
      << join(ops_);
}

TEST_F(SpecCoverage, DetectsARouteTheSpecDoesNotDescribe) {
  auto routes = routes_;
  routes.push_back("GET /project_15th_street/undocumented");
  routes.push_back("GET /static/*");
  CoverageGaps gaps = coverage_gaps(routes, ops_);
  EXPECT_EQ(gaps.not_in_spec,
            (std::vector<std::string>{"GET /project_15th_street/undocumented", "GET /static/*"}));
  EXPECT_TRUE(gaps.not_served.empty()) << join(gaps.not_served);
}

TEST_F(SpecCoverage, DetectsEachRealRouteWhenItsPathIsTakenOutOfTheSpec) {
  for (const auto& op : ops_) {
    CoverageGaps gaps = coverage_gaps(routes_, without(ops_, op));
    // /ui/ and /ui/{file} both describe the one prefix route: either alone still documents it;
    // so do /home/ and /home/{file}. Every other path is the only description of its route.
    if (op.rfind("GET /project_15th_street/ui/", 0) == 0) continue;
    if (op == "GET /project_15th_street/home/" || op == "GET /project_15th_street/home/{file}") {
      continue;
    }
    EXPECT_EQ(gaps.not_in_spec.size(), 1u) << "removed " << op << ":" << join(gaps.not_in_spec);
  }
}

TEST_F(SpecCoverage, DetectsASpecPathNothingServes) {
  auto ops = ops_;
  ops.push_back("GET /project_15th_street/ghost");
  ops.push_back("GET /project_15th_street/reports/{id}");  // no prefix route: not served
  CoverageGaps gaps = coverage_gaps(routes_, ops);
  EXPECT_EQ(gaps.not_served, (std::vector<std::string>{"GET /project_15th_street/ghost",
                                                       "GET /project_15th_street/reports/{id}"}));
  CoverageGaps missing = coverage_gaps(without(routes_, "GET /healthcheck"), ops_);
  EXPECT_EQ(missing.not_served, (std::vector<std::string>{"GET /healthcheck"}));
}

TEST_F(SpecCoverage, PathLevelServersKeepRootEndpointsAtTheRoot) {
  // /healthcheck and /metrics carry their own server "/": under the document's server they
  // would be /project_15th_street/healthcheck, which nothing serves.
  EXPECT_EQ(spec_["servers"][0]["url"].as<std::string>(), "/project_15th_street");
  EXPECT_NE(std::find(ops_.begin(), ops_.end(), "GET /metrics"), ops_.end());
  EXPECT_EQ(std::find(ops_.begin(), ops_.end(), "GET /project_15th_street/healthcheck"),
            ops_.end());
}

TEST_F(SpecCoverage, AnotherApplicationRootMovesEveryRouteButTheRootOnes) {
  auto routes = app_routes("/p15");
  EXPECT_NE(std::find(routes.begin(), routes.end(), "GET /p15/ui/*"), routes.end()) << join(routes);
  EXPECT_NE(std::find(routes.begin(), routes.end(), "GET /p15/openapi.yaml"), routes.end());
  EXPECT_NE(std::find(routes.begin(), routes.end(), "GET /healthcheck"), routes.end());
}

}  // namespace
}  // namespace p15::test
