#include "tests/ecosystem/grafana_dashboard.h"

#include <cpprest/json.h>
#include <yaml-cpp/yaml.h>

#include <regex>
#include <stdexcept>

namespace p15::test {

using web::json::value;

namespace {

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
  return s;
}

std::string field(const value& v, const std::string& name) {
  return v.has_string_field(name) ? v.at(name).as_string() : "";
}

}  // namespace

std::vector<DashboardQuery> dashboard_queries(const std::string& dashboard_json) {
  value dash = value::parse(dashboard_json);
  std::vector<DashboardQuery> out;
  for (const auto& panel : dash.at("panels").as_array()) {
    std::string title = field(panel, "title");
    if (!panel.has_array_field("targets") || panel.at("targets").as_array().size() == 0) {
      throw std::runtime_error("panel \"" + title + "\" has no query");
    }
    for (const auto& t : panel.at("targets").as_array()) {
      // A target's own data source wins over the panel's (mixed panels).
      const value& ds = t.has_field("datasource") ? t.at("datasource") : panel.at("datasource");
      std::string text = t.has_string_field("expr") ? field(t, "expr") : field(t, "rawSql");
      if (text.empty()) throw std::runtime_error("panel \"" + title + "\": a target has no query");
      out.push_back({title, field(ds, "uid"), text});
    }
  }
  return out;
}

std::vector<std::string> provisioned_datasource_uids(const std::string& provisioning_yaml) {
  std::vector<std::string> uids;
  for (const auto& ds : YAML::Load(provisioning_yaml)["datasources"]) {
    uids.push_back(ds["uid"].as<std::string>());
  }
  return uids;
}

std::string promql_for_test(const std::string& expr, const std::string& window) {
  return replace_all(replace_all(expr, "$__rate_interval", window), "$__interval", window);
}

std::string sql_for_test(const std::string& sql) {
  static const std::regex time_filter(R"(\$__timeFilter\((\w+)\))");
  return std::regex_replace(sql, time_filter, "$1 >= UTC_TIMESTAMP() - INTERVAL 1 HOUR");
}

}  // namespace p15::test
