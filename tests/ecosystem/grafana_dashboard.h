#pragma once
// The queries of docker/grafana/dashboards/p15.json, made runnable outside Grafana so the tests
// can run each one against a real Prometheus and a real MariaDB.
#include <string>
#include <vector>

namespace p15::test {

struct DashboardQuery {
  std::string panel;
  std::string datasource_uid;  // p15-prometheus or p15-mariadb
  std::string text;            // the PromQL expr or the raw SQL
};

// Every target of every panel; throws when a panel has no target or a target no query.
std::vector<DashboardQuery> dashboard_queries(const std::string& dashboard_json);

// The uids provisioned in docker/grafana/provisioning/datasources/*.yml.
std::vector<std::string> provisioned_datasource_uids(const std::string& provisioning_yaml);

// Grafana's macros replaced: $__rate_interval and $__interval by `window`; $__timeFilter(col)
// by the last hour in UTC (the DATETIME columns hold UTC).
std::string promql_for_test(const std::string& expr, const std::string& window);
std::string sql_for_test(const std::string& sql);

}  // namespace p15::test
