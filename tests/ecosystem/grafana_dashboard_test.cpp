// The provisioned Grafana files without Grafana (no engine runs here): the dashboard covers what
// the issue asks for and uses only provisioned data sources. Its queries run for real in
// PrometheusScrape.ARealPrometheusSeesPollCyclesRise.
#include "tests/ecosystem/grafana_dashboard.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "tests/ecosystem/eco_fixture.h"

namespace p15::test {
namespace {

std::string dashboard() {
  return read_text_file(source_path("docker/grafana/dashboards/p15.json"));
}

TEST(GrafanaDashboard, UsesOnlyProvisionedDataSourcesAndCoversTheTopics) {
  auto uids = provisioned_datasource_uids(
      read_text_file(source_path("docker/grafana/provisioning/datasources/p15.yml")));
  EXPECT_EQ(uids, (std::vector<std::string>{"p15-prometheus", "p15-mariadb"}));
  auto queries = dashboard_queries(dashboard());
  std::string panels;
  for (const auto& q : queries) {
    EXPECT_NE(std::find(uids.begin(), uids.end(), q.datasource_uid), uids.end())
        << q.panel << " uses data source " << q.datasource_uid;
    panels += q.panel + "|";
  }
  for (const char* topic : {"Power flows", "Car amps", "Decisions", "Commands", "Data age"}) {
    EXPECT_NE(panels.find(topic), std::string::npos) << topic << " in " << panels;
  }
}

TEST(GrafanaDashboard, MacrosAreReplacedForTheTests) {
  EXPECT_EQ(promql_for_test("rate(x[$__rate_interval])", "10s"), "rate(x[10s])");
  EXPECT_EQ(sql_for_test("WHERE $__timeFilter(timestamp) ORDER BY 1"),
            "WHERE timestamp >= UTC_TIMESTAMP() - INTERVAL 1 HOUR ORDER BY 1");
}

TEST(GrafanaDashboard, APanelWithoutAQueryIsReported) {
  EXPECT_THROW(dashboard_queries(R"({"panels":[{"title":"empty","targets":[]}]})"),
               std::runtime_error);
  EXPECT_THROW(
      dashboard_queries(
          R"({"panels":[{"title":"t","datasource":{"uid":"x"},"targets":[{"refId":"A"}]}]})"),
      std::runtime_error);
}

}  // namespace
}  // namespace p15::test
