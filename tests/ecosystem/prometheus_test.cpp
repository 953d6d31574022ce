// The service's metrics in the Prometheus ecosystem: promtool's lint of the real /metrics, the
// alerting rules (checked and unit-tested), compose's prometheus.yml, and a real Prometheus
// (Debian's package, on loopback, a temp data dir) scraping a polling service.
#include <cpprest/json.h>
#include <cpprest/uri.h>
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "tests/ecosystem/eco_fixture.h"
#include "tests/ecosystem/grafana_dashboard.h"

namespace p15::test {
namespace {

using web::json::value;

std::string promtool() { return require_tool("promtool", "Debian package prometheus"); }

std::string docker_file(const std::string& name) { return source_path("docker/" + name); }

RunResult promtool_run(const std::vector<std::string>& args, const std::string& stdin_text = "") {
  std::vector<std::string> argv = {promtool()};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_tool(argv, stdin_text, 60);
}

// A service that has gone through every kind of cycle result the metrics label: a good decision
// with (dry-run) commands, a stale row and a malformed row.
TEST(Promtool, TheServicesMetricsPassCheckMetrics) {
  TestDatabase db;
  insert_fresh_rows(db);
  auto service = start_eco_service(db);
  std::string root = service->base_url() + "/project_15th_street";
  ASSERT_EQ(http_get(root + "/manage-vehicle").status, 200);
  db.exec("UPDATE battery_model SET timestamp = '" + utc_sql_time(-900) + "'");
  ASSERT_EQ(http_get(root + "/battery-status").status, 503);
  db.insert_battery(R"({"solar_power": "lots"})", utc_sql_time(-1));
  ASSERT_EQ(http_get(root + "/battery-status").status, 503);
  std::string metrics = http_get(service->base_url() + "/metrics").body;

  RunResult r = promtool_run({"check", "metrics"}, metrics);
  std::ofstream(artifact_path("promtool-check-metrics.txt"))
      << "$ curl -s /metrics | promtool check metrics\n"
      << r.output << "[exit " << r.exit_code << "]\n";
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output, "") << "promtool prints nothing when every metric follows the conventions";
  for (const char* family :
       {"p15_poll_cycles_total", "p15_poll_cycle_duration_seconds", "p15_decisions_total",
        "p15_vehicle_commands_total", "p15_vehicle_command_failures_total",
        "p15_vehicle_wake_ups_total", "p15_db_errors_total", "p15_stale_rows_total",
        "p15_invalid_rows_total", "p15_data_age_seconds", "p15_charging_current_amperes",
        "p15_vehicle_charger_actual_current_amperes", "p15_poll_running",
        "p15_poll_last_cycle_timestamp_seconds"}) {
    EXPECT_NE(metrics.find("# TYPE " + std::string(family) + " "), std::string::npos) << family;
  }
}

TEST(Promtool, CheckMetricsFlagsNamesThatBreakTheConventions) {
  RunResult r = promtool_run({"check", "metrics"},
                             "# HELP p15_commands Commands\n# TYPE p15_commands counter\n"
                             "p15_commands 1\n# HELP p15_age_minutes Age\n"
                             "# TYPE p15_age_minutes gauge\np15_age_minutes 3\n");
  EXPECT_NE(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("should have \"_total\" suffix"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("base unit \"seconds\""), std::string::npos) << r.output;
}

TEST(Promtool, AlertingRulesAreValidAndTheirUnitTestsPass) {
  RunResult check = promtool_run({"check", "rules", docker_file("prometheus/alerts.yml")});
  RunResult test = promtool_run({"test", "rules", docker_file("prometheus/alerts_test.yml")});
  RunResult config = promtool_run({"check", "config", docker_file("prometheus/prometheus.yml")});
  std::ofstream(artifact_path("promtool-rules.txt"))
      << "$ promtool check rules docker/prometheus/alerts.yml\n"
      << check.output << "$ promtool test rules docker/prometheus/alerts_test.yml\n"
      << test.output << "$ promtool check config docker/prometheus/prometheus.yml\n"
      << config.output;
  EXPECT_EQ(check.exit_code, 0) << check.output;
  EXPECT_NE(check.output.find("SUCCESS: 8 rules found"), std::string::npos) << check.output;
  EXPECT_EQ(test.exit_code, 0) << test.output;
  EXPECT_NE(test.output.find("SUCCESS"), std::string::npos) << test.output;
  EXPECT_EQ(config.exit_code, 0) << config.output;
  EXPECT_NE(config.output.find("is valid prometheus config file syntax"), std::string::npos)
      << config.output;
}

TEST(Promtool, ARuleUnitTestWithTheWrongExpectationFails) {
  TempDir dir;
  std::string test =
      dir.write("wrong_test.yml",
                "rule_files: [\"" + docker_file("prometheus/alerts.yml") +
                    "\"]\nevaluation_interval: 1m\ntests:\n  - interval: 1m\n    input_series:\n"
                    "      - series: 'p15_poll_running{job=\"p15\"}'\n        values: \"0x30\"\n"
                    "    alert_rule_test:\n      - {eval_time: 20m, alertname: P15PollNotRunning, "
                    "exp_alerts: []}\n");
  RunResult r = promtool_run({"test", "rules", test});
  EXPECT_NE(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("P15PollNotRunning"), std::string::npos) << r.output;
}

// One instant query against Prometheus's HTTP API; the first sample's value, or -1 when the
// result is empty or Prometheus does not answer yet. `raw` gets the JSON answer.
double query(const std::string& prom, const std::string& promql, std::string* raw = nullptr) {
  HttpResult r;
  try {
    r = http_get(prom + "/api/v1/query?query=" + web::uri::encode_data_string(promql), 5);
  } catch (const std::exception& e) {  // not listening yet
    if (raw) *raw = e.what();
    return -1;
  }
  if (raw) *raw = r.body;
  value v = r.json();
  if (r.status != 200 || !v.has_field("data")) return -1;
  auto& result = v["data"]["result"].as_array();
  if (result.size() == 0) return -1;
  return std::stod(result.at(0)["value"].as_array().at(1).as_string());
}

// Polls `promql` until `pred(value)` holds or `timeout` passes; returns the last value.
template <typename Pred>
double wait_for(const std::string& prom, const std::string& promql, Pred pred,
                std::chrono::seconds timeout, std::string* raw = nullptr) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  double v = -1;
  while (std::chrono::steady_clock::now() < deadline) {
    v = query(prom, promql, raw);
    if (pred(v)) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  return v;
}

// Every query of the provisioned Grafana dashboard runs and returns data: PromQL against this
// Prometheus, SQL against the service's database.
void check_dashboard_queries(const std::string& prom, TestDatabase& db) {
  auto queries = dashboard_queries(read_text_file(docker_file("grafana/dashboards/p15.json")));
  for (const auto& q : queries) {
    if (q.datasource_uid == "p15-prometheus") {
      std::string promql = promql_for_test(q.text, "10s");
      std::string raw;
      double v = wait_for(
          prom, promql, [](double v) { return v != -1; }, std::chrono::seconds(10), &raw);
      EXPECT_NE(v, -1) << q.panel << ": no series for " << promql << "\n" << raw;
    } else {
      ASSERT_EQ(q.datasource_uid, "p15-mariadb") << q.panel;
      std::string sql = sql_for_test(q.text);
      EXPECT_FALSE(db.query(sql).empty()) << q.panel << ": no rows for\n" << sql;
    }
  }
}

std::string scrape_config(int service_port, const std::string& rules) {
  return "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nrule_files:\n  - \"" + rules +
         "\"\nscrape_configs:\n  - job_name: p15\n    static_configs:\n      - targets: "
         "[\"127.0.0.1:" +
         std::to_string(service_port) + "\"]\n";
}

TEST(PrometheusScrape, ARealPrometheusSeesPollCyclesRise) {
  std::string prometheus = require_tool("prometheus", "Debian package prometheus");
  TestDatabase db;
  insert_fresh_rows(db);
  auto service =
      start_eco_service(db, {{"P15_POLL_INTERVAL_S", "1"}, {"P15_POLL_AUTOSTART", "true"}});
  TempDir dir("p15-prometheus");
  std::string config = dir.write(
      "prometheus.yml", scrape_config(service->port(), docker_file("prometheus/alerts.yml")));
  int port = free_port();
  std::string prom = "http://127.0.0.1:" + std::to_string(port);
  BackgroundProcess server(
      {prometheus, "--config.file=" + config, "--storage.tsdb.path=" + dir.path() + "/data",
       "--web.listen-address=127.0.0.1:" + std::to_string(port)},
      dir.path() + "/prometheus.log");

  double up = wait_for(
      prom, "up{job=\"p15\"}", [](double v) { return v == 1; }, std::chrono::seconds(30));
  ASSERT_EQ(up, 1) << "Prometheus never scraped the service:\n" << server.log();
  const std::string promql = "sum(p15_poll_cycles_total{job=\"p15\",result=\"ok\"})";
  std::string first_raw;
  double first = wait_for(
      prom, promql, [](double v) { return v >= 1; }, std::chrono::seconds(20), &first_raw);
  ASSERT_GE(first, 1) << first_raw << "\n" << service->log();
  std::string later_raw;
  double later = wait_for(
      prom, promql, [first](double v) { return v >= first + 2; }, std::chrono::seconds(20),
      &later_raw);
  EXPECT_GE(later, first + 2) << later_raw;
  std::string rate_raw;
  double rate = wait_for(
      prom, "sum(rate(p15_poll_cycles_total{job=\"p15\"}[10s]))", [](double v) { return v > 0; },
      std::chrono::seconds(20), &rate_raw);
  EXPECT_GT(rate, 0) << rate_raw;
  // The compose alerting rules load into a real server and evaluate without errors.
  HttpResult rules = http_get(prom + "/api/v1/rules");
  EXPECT_NE(rules.body.find("\"name\":\"P15PollStalled\""), std::string::npos) << rules.body;
  EXPECT_EQ(rules.body.find("\"health\":\"err\""), std::string::npos) << rules.body;
  check_dashboard_queries(prom, db);
  std::ofstream(artifact_path("prometheus-query.json"))
      << "# GET /api/v1/query?query=" << promql << " (first)\n"
      << first_raw << "\n# the same, later\n"
      << later_raw << "\n# sum(rate(p15_poll_cycles_total{job=\"p15\"}[10s]))\n"
      << rate_raw << "\n";
  EXPECT_TRUE(server.running()) << server.log();
}

}  // namespace
}  // namespace p15::test
