// Table-driven loader: one row per key drives YAML parsing, environment overrides and describe(),
// so a new setting is one struct field plus one row here.
#include "service/config/config.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <climits>
#include <cmath>
#include <cstring>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <variant>

#include "service/config/tariff_file.h"
#include "service/core/forecast.h"
#include "service/core/policy.h"

extern char** environ;

namespace p15 {
namespace {

using IntRef = int& (*)(Config&);
using DoubleRef = double& (*)(Config&);
using BoolRef = bool& (*)(Config&);
using StrRef = std::string& (*)(Config&);
using Choices = std::vector<std::string> (*)();

template <auto Section, auto Member>
auto& member(Config& c) {
  return (c.*Section).*Member;
}

struct Field {
  const char* section;
  const char* key;
  std::variant<IntRef, BoolRef, StrRef, DoubleRef> ref;
  int lo = 0;  // inclusive range, ints only
  int hi = 0;
  Choices choices = nullptr;  // accepted values, strings only
  bool secret = false;        // never echoed: not in describe(), not in errors
  double dlo = 0;             // inclusive range, numbers only
  double dhi = 0;

  std::string dotted() const { return std::string(section) + "." + key; }
};

template <auto S, auto M>
Field int_field(const char* section, const char* key, int lo, int hi) {
  return Field{section, key, IntRef{&member<S, M>}, lo, hi};
}
template <auto S, auto M>
Field num_field(const char* section, const char* key, double lo, double hi) {
  return Field{section, key, DoubleRef{&member<S, M>}, 0, 0, nullptr, false, lo, hi};
}
template <auto S, auto M>
Field bool_field(const char* section, const char* key) {
  return Field{section, key, BoolRef{&member<S, M>}};
}
template <auto S, auto M>
Field str_field(const char* section, const char* key, Choices choices = nullptr,
                bool secret = false) {
  return Field{section, key, StrRef{&member<S, M>}, 0, 0, choices, secret};
}

std::vector<std::string> log_levels() { return log_level_names(); }
std::vector<std::string> adapters() { return vehicle_adapter_names(); }
std::vector<std::string> transports() { return vehicle_transport_names(); }
std::vector<std::string> clock_sources() { return clock_source_names(); }
std::vector<std::string> modes() { return charge_mode_names(); }
std::vector<std::string> tariffs() { return tariff_names(); }
std::vector<std::string> zones() { return zone_names(); }
std::vector<std::string> webhook_formats() { return {"json", "ntfy"}; }
std::vector<std::string> planner_cars() { return {"smart", "plan"}; }

using C = Config;
using Svc = ServiceConfig;
using Db = DatabaseConfig;
using Poll = PollConfig;
using Pol = PolicyConfig;
using Veh = VehicleConfig;
using Clk = ClockConfig;
using Sm = SmartConfig;
using Pl = PlannerConfig;
using Tar = TariffConfig;
using Sav = SavingsConfig;
using Pw = PowerwallConfig;
using Col = CollectorConfig;
using Ntf = NotificationsConfig;
constexpr int kMaxPort = 65535;
constexpr int kMaxTimeoutS = 600;
constexpr int kDayS = 86400;

const std::vector<Field>& fields() {
  static const std::vector<Field> table = {
      int_field<&C::service, &Svc::port>("service", "port", 1, kMaxPort),
      str_field<&C::service, &Svc::bind_address>("service", "bind_address"),
      str_field<&C::service, &Svc::application_root>("service", "application_root"),
      str_field<&C::service, &Svc::log_level>("service", "log_level", log_levels),
      str_field<&C::service, &Svc::ui_dir>("service", "ui_dir"),
      str_field<&C::service, &Svc::openapi_file>("service", "openapi_file"),
      str_field<&C::service, &Svc::home_dir>("service", "home_dir"),
      str_field<&C::service, &Svc::api_token>("service", "api_token", nullptr, true),
      str_field<&C::service, &Svc::api_token_file>("service", "api_token_file"),
      str_field<&C::database, &Db::host>("database", "host"),
      int_field<&C::database, &Db::port>("database", "port", 1, kMaxPort),
      str_field<&C::database, &Db::socket>("database", "socket"),
      str_field<&C::database, &Db::user>("database", "user"),
      str_field<&C::database, &Db::password>("database", "password", nullptr, true),
      str_field<&C::database, &Db::password_file>("database", "password_file"),
      str_field<&C::database, &Db::name>("database", "name"),
      int_field<&C::database, &Db::connect_timeout_s>("database", "connect_timeout_s", 1,
                                                      kMaxTimeoutS),
      int_field<&C::database, &Db::query_timeout_s>("database", "query_timeout_s", 1, kMaxTimeoutS),
      int_field<&C::database, &Db::reconnect_max_s>("database", "reconnect_max_s", 1, kMaxTimeoutS),
      str_field<&C::database, &Db::row_time_zone>("database", "row_time_zone"),
      int_field<&C::poll, &Poll::interval_s>("poll", "interval_s", 1, kDayS),
      int_field<&C::poll, &Poll::stale_after_s>("poll", "stale_after_s", 1, kDayS),
      bool_field<&C::poll, &Poll::autostart>("poll", "autostart"),
      int_field<&C::poll, &Poll::charge_state_max_age_s>("poll", "charge_state_max_age_s", 1,
                                                         kDayS),
      str_field<&C::policy, &Pol::name>("policy", "name", policy_names),
      int_field<&C::policy, &Pol::min_amps>("policy", "min_amps", 0, 48),
      str_field<&C::smart, &Sm::mode>("smart", "mode", modes),
      int_field<&C::smart, &Sm::start_delay_s>("smart", "start_delay_s", 0, kDayS),
      int_field<&C::smart, &Sm::stop_delay_s>("smart", "stop_delay_s", 0, kDayS),
      int_field<&C::smart, &Sm::min_amps_change>("smart", "min_amps_change", 1, 48),
      int_field<&C::smart, &Sm::min_change_interval_s>("smart", "min_change_interval_s", 0, kDayS),
      int_field<&C::smart, &Sm::smoothing_s>("smart", "smoothing_s", 0, kDayS),
      num_field<&C::smart, &Sm::floor_margin_wh>("smart", "floor_margin_wh", 0, 1e5),
      num_field<&C::smart, &Sm::powerwall_max_discharge_w>("smart", "powerwall_max_discharge_w", 0,
                                                           1e5),
      num_field<&C::smart, &Sm::car_battery_kwh>("smart", "car_battery_kwh", 1, 300),
      num_field<&C::smart, &Sm::charger_efficiency>("smart", "charger_efficiency", 0.5, 1),
      num_field<&C::smart, &Sm::target_soc>("smart", "target_soc", 0, 100),
      str_field<&C::smart, &Sm::departure>("smart", "departure"),
      int_field<&C::planner, &Pl::replan_s>("planner", "replan_s", 60, kDayS),
      str_field<&C::planner, &Pl::forecaster>("planner", "forecaster", forecaster_names),
      str_field<&C::planner, &Pl::car>("planner", "car", planner_cars),
      int_field<&C::planner, &Pl::history_days>("planner", "history_days", 0, 28),
      str_field<&C::tariff, &Tar::name>("tariff", "name", tariffs),
      num_field<&C::tariff, &Tar::import_per_kwh>("tariff", "import_per_kwh", 0, 10),
      num_field<&C::tariff, &Tar::export_per_kwh>("tariff", "export_per_kwh", 0, 10),
      str_field<&C::tariff, &Tar::zone>("tariff", "zone", zones),
      str_field<&C::tariff, &Tar::file>("tariff", "file"),
      str_field<&C::tariff, &Tar::nbt_export_file>("tariff", "nbt_export_file"),
      num_field<&C::savings, &Sav::powerwall_round_trip_efficiency>(
          "savings", "powerwall_round_trip_efficiency", 0.5, 1),
      int_field<&C::savings, &Sav::max_gap_s>("savings", "max_gap_s", 1, kDayS),
      num_field<&C::powerwall, &Pw::capacity_wh>("powerwall", "capacity_wh", 0, 1e6),
      num_field<&C::powerwall, &Pw::backup_reserve_percent>("powerwall", "backup_reserve_percent",
                                                            -1, 100),
      num_field<&C::powerwall, &Pw::off_grid_vehicle_charging_reserve_percent>(
          "powerwall", "off_grid_vehicle_charging_reserve_percent", -1, 100),
      bool_field<&C::powerwall, &Pw::steer>("powerwall", "steer"),
      int_field<&C::powerwall, &Pw::max_settings_per_day>("powerwall", "max_settings_per_day", 1,
                                                          20),
      int_field<&C::powerwall, &Pw::restore_after_failure_s>("powerwall", "restore_after_failure_s",
                                                             60, kDayS),
      str_field<&C::vehicle, &Veh::adapter>("vehicle", "adapter", adapters),
      str_field<&C::vehicle, &Veh::vin>("vehicle", "vin"),
      str_field<&C::vehicle, &Veh::fleet_base_url>("vehicle", "fleet_base_url"),
      str_field<&C::vehicle, &Veh::fleet_token>("vehicle", "fleet_token", nullptr, true),
      str_field<&C::vehicle, &Veh::fleet_token_file>("vehicle", "fleet_token_file"),
      str_field<&C::vehicle, &Veh::fleet_ca_file>("vehicle", "fleet_ca_file"),
      str_field<&C::vehicle, &Veh::transport>("vehicle", "transport", transports),
      str_field<&C::vehicle, &Veh::fleet_client_id>("vehicle", "fleet_client_id"),
      str_field<&C::vehicle, &Veh::fleet_refresh_token_file>("vehicle", "fleet_refresh_token_file"),
      str_field<&C::vehicle, &Veh::fleet_auth_url>("vehicle", "fleet_auth_url"),
      str_field<&C::vehicle, &Veh::companion_base_url>("vehicle", "companion_base_url"),
      int_field<&C::vehicle, &Veh::request_timeout_s>("vehicle", "request_timeout_s", 1,
                                                      kMaxTimeoutS),
      int_field<&C::vehicle, &Veh::max_wakes_per_hour>("vehicle", "max_wakes_per_hour", 0, 60),
      int_field<&C::vehicle, &Veh::max_wakes_per_day>("vehicle", "max_wakes_per_day", 0, 100),
      int_field<&C::vehicle, &Veh::wake_timeout_s>("vehicle", "wake_timeout_s", 1, kMaxTimeoutS),
      str_field<&C::clock, &Clk::source>("clock", "source", clock_sources),
      str_field<&C::clock, &Clk::simulator_url>("clock", "simulator_url"),
      int_field<&C::collector, &Col::port>("collector", "port", 1, kMaxPort),
      str_field<&C::collector, &Col::bind_address>("collector", "bind_address"),
      str_field<&C::collector, &Col::url>("collector", "url"),
      int_field<&C::collector, &Col::interval_s>("collector", "interval_s", 1, kDayS),
      int_field<&C::collector, &Col::vehicle_refresh_s>("collector", "vehicle_refresh_s", 30,
                                                        kDayS),
      int_field<&C::collector, &Col::site_info_interval_s>("collector", "site_info_interval_s", 60,
                                                           kDayS),
      num_field<&C::collector, &Col::max_dollars_per_month>("collector", "max_dollars_per_month", 0,
                                                            1000),
      int_field<&C::collector, &Col::retention_days>("collector", "retention_days", 0, 36500),
      str_field<&C::collector, &Col::energy_site_id>("collector", "energy_site_id"),
      str_field<&C::collector, &Col::gateway_url>("collector", "gateway_url"),
      str_field<&C::collector, &Col::gateway_email>("collector", "gateway_email"),
      str_field<&C::collector, &Col::gateway_password>("collector", "gateway_password", nullptr,
                                                       true),
      str_field<&C::collector, &Col::gateway_password_file>("collector", "gateway_password_file"),
      str_field<&C::collector, &Col::gateway_ca_file>("collector", "gateway_ca_file"),
      str_field<&C::collector, &Col::wall_connector_url>("collector", "wall_connector_url"),
      str_field<&C::notifications, &Ntf::webhook_url>("notifications", "webhook_url", nullptr,
                                                      true),
      str_field<&C::notifications, &Ntf::webhook_url_file>("notifications", "webhook_url_file"),
      str_field<&C::notifications, &Ntf::format>("notifications", "format", webhook_formats),
      int_field<&C::notifications, &Ntf::timeout_s>("notifications", "timeout_s", 1, 60),
      int_field<&C::notifications, &Ntf::max_attempts>("notifications", "max_attempts", 1, 10),
  };
  return table;
}

std::vector<std::string> section_names() {
  std::vector<std::string> names;
  for (const auto& f : fields()) {
    if (names.empty() || names.back() != f.section) names.push_back(f.section);
  }
  return names;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

const Field* find_field(const std::string& section, const std::string& key) {
  for (const auto& f : fields()) {
    if (section == f.section && key == f.key) return &f;
  }
  return nullptr;
}

std::optional<int> parse_int(const std::string& text) {
  long long v = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, v);
  if (text.empty() || ec != std::errc() || ptr != end || v < INT_MIN || v > INT_MAX) {
    return std::nullopt;
  }
  return static_cast<int>(v);
}

std::optional<double> parse_double(const std::string& text) {
  double v = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, v);
  if (text.empty() || ec != std::errc() || ptr != end || !std::isfinite(v)) return std::nullopt;
  return v;
}

// Shortest text that reads back as `v` ("0.2291", not "0.229100"; "100000", not "1e+05").
std::string number_text(double v) {
  if (v == std::floor(v) && std::abs(v) < 1e15) return std::to_string(static_cast<long long>(v));
  char buf[32];
  auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return ec == std::errc() ? std::string(buf, ptr) : std::to_string(v);
}

std::string expectation(const Field& f) {
  if (std::holds_alternative<IntRef>(f.ref)) {
    return "expected an integer " + std::to_string(f.lo) + ".." + std::to_string(f.hi);
  }
  if (std::holds_alternative<DoubleRef>(f.ref)) {
    return "expected a number " + number_text(f.dlo) + ".." + number_text(f.dhi);
  }
  if (std::holds_alternative<BoolRef>(f.ref)) return "expected true or false";
  if (f.choices) return "expected one of " + join(f.choices());
  return "expected a string";
}

// Stores `text` into the field or says why not (without the key/source prefix).
std::optional<std::string> assign(const Field& f, Config& c, const std::string& text) {
  std::string got = ", got " + (f.secret ? std::string("***") : "\"" + text + "\"");
  if (auto* ref = std::get_if<IntRef>(&f.ref)) {
    auto v = parse_int(text);
    if (!v || *v < f.lo || *v > f.hi) return expectation(f) + got;
    (*ref)(c) = *v;
  } else if (auto* ref = std::get_if<DoubleRef>(&f.ref)) {
    auto v = parse_double(text);
    if (!v || *v < f.dlo || *v > f.dhi) return expectation(f) + got;
    (*ref)(c) = *v;
  } else if (auto* ref = std::get_if<BoolRef>(&f.ref)) {
    if (text != "true" && text != "false") return expectation(f) + got;
    (*ref)(c) = text == "true";
  } else {
    if (f.choices) {
      auto ok = f.choices();
      if (std::find(ok.begin(), ok.end(), text) == ok.end()) return expectation(f) + got;
    }
    std::get<StrRef>(f.ref)(c) = text;
  }
  return std::nullopt;
}

std::string node_kind(const YAML::Node& n) {
  if (n.IsMap()) return "a mapping";
  if (n.IsSequence()) return "a sequence";
  if (n.IsNull()) return "nothing";
  return "a scalar";
}

std::string key_text(const YAML::Node& key) {
  return key.IsScalar() ? key.Scalar() : "(" + node_kind(key) + " as key)";
}

// A null value (`key:` with nothing after it) means "empty" for strings, an error otherwise.
std::optional<std::string> assign_node(const Field& f, Config& c, const YAML::Node& value) {
  bool is_string = std::holds_alternative<StrRef>(f.ref);
  if (value.IsNull() && is_string && !f.choices) return assign(f, c, "");
  if (!value.IsScalar()) return expectation(f) + ", got " + node_kind(value);
  return assign(f, c, value.Scalar());
}

Status apply_section(const std::string& section, const YAML::Node& node, const std::string& source,
                     Config& c) {
  if (node.IsNull()) return ok_status();  // `vehicle:` alone keeps the defaults
  if (!node.IsMap()) {
    return Error{source + ": " + section + ": expected a mapping of keys, got " + node_kind(node)};
  }
  std::set<std::string> seen;
  for (const auto& kv : node) {
    std::string key = key_text(kv.first);
    std::string dotted = section + "." + key;
    const Field* f = find_field(section, key);
    if (!f) return Error{source + ": " + dotted + ": unknown key"};
    if (!seen.insert(key).second) return Error{source + ": " + dotted + ": duplicate key"};
    if (auto err = assign_node(*f, c, kv.second))
      return Error{source + ": " + dotted + ": " + *err};
  }
  return ok_status();
}

Status apply_yaml(const YAML::Node& root, const std::string& source, Config& c) {
  if (!root || root.IsNull()) return ok_status();  // an empty file means all defaults
  auto sections = section_names();
  if (!root.IsMap()) {
    return Error{source + ": expected a mapping of sections (" + join(sections) + "), got " +
                 node_kind(root)};
  }
  std::set<std::string> seen;
  for (const auto& kv : root) {
    std::string name = key_text(kv.first);
    if (std::find(sections.begin(), sections.end(), name) == sections.end()) {
      return Error{source + ": " + name + ": unknown key (sections: " + join(sections) + ")"};
    }
    if (!seen.insert(name).second) return Error{source + ": " + name + ": duplicate key"};
    if (auto st = apply_section(name, kv.second, source, c); !st) return st;
  }
  return ok_status();
}

Status apply_env(const std::map<std::string, std::string>& env, Config& c) {
  for (const auto& f : fields()) {
    std::string var = config_env_var(f.dotted());
    auto it = env.find(var);
    if (it == env.end()) continue;
    if (auto err = assign(f, c, it->second)) {
      return Error{"environment variable " + var + " (" + f.dotted() + "): " + *err};
    }
  }
  return ok_status();
}

Result<YAML::Node> parse_yaml(const std::string& yaml, const std::string& source) {
  try {
    return YAML::Load(yaml);
  } catch (const YAML::Exception& e) {
    // yaml-cpp counts lines and columns from 0.
    return Error{source + ": line " + std::to_string(e.mark.line + 1) + ", column " +
                 std::to_string(e.mark.column + 1) + ": invalid YAML: " + e.msg};
  }
}

std::map<std::string, std::string> process_env() {
  std::map<std::string, std::string> env;
  for (char** e = environ; e && *e; ++e) {
    std::string entry = *e;
    auto eq = entry.find('=');
    if (eq != std::string::npos && entry.rfind("P15_", 0) == 0) {
      env[entry.substr(0, eq)] = entry.substr(eq + 1);
    }
  }
  return env;
}

}  // namespace

const std::vector<std::string>& vehicle_adapter_names() {
  static const std::vector<std::string> names = {"fleet", "companion", "none"};
  return names;
}

const std::vector<std::string>& vehicle_transport_names() {
  static const std::vector<std::string> names = {"fleet", "ble"};
  return names;
}

const std::vector<std::string>& log_level_names() {
  static const std::vector<std::string> names = {"trace", "debug", "info", "warn", "error"};
  return names;
}

const std::vector<std::string>& clock_source_names() {
  static const std::vector<std::string> names = {"system", "simulator"};
  return names;
}

std::vector<std::string> config_keys() {
  std::vector<std::string> keys;
  for (const auto& f : fields()) keys.push_back(f.dotted());
  return keys;
}

std::string config_env_var(const std::string& key) {
  std::string var = "P15_";
  for (char ch : key) {
    var += ch == '.' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  }
  return var;
}

Result<Config> load_config_text(const std::string& yaml, const std::string& source,
                                const std::map<std::string, std::string>& env) {
  auto root = parse_yaml(yaml, source);
  if (!root.ok()) return root.error();
  Config c;
  c.source = source;
  if (auto st = apply_yaml(root.value(), source, c); !st) return st.error();
  if (auto st = apply_env(env, c); !st) return st.error();
  if (auto st = config_detail::resolve_secrets(c); !st) return st.error();
  if (auto st = config_detail::check_rules(c); !st) return st.error();
  if (auto st = config_detail::resolve_tariff(c); !st) return st.error();
  return c;
}

Result<Config> load_config(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    int err = errno;
    return Error{path + ": cannot read config file: " + std::strerror(err), ErrorKind::NotFound};
  }
  std::stringstream text;
  text << in.rdbuf();
  return load_config_text(text.str(), path, process_env());
}

std::vector<ConfigValue> config_values(const Config& config) {
  Config copy = config;  // the field table hands out mutable references
  std::vector<ConfigValue> out;
  for (const auto& f : fields()) {
    std::string text;
    if (auto* ref = std::get_if<IntRef>(&f.ref)) {
      text = std::to_string((*ref)(copy));
    } else if (auto* ref = std::get_if<DoubleRef>(&f.ref)) {
      text = number_text((*ref)(copy));
    } else if (auto* ref = std::get_if<BoolRef>(&f.ref)) {
      text = (*ref)(copy) ? "true" : "false";
    } else {
      text = std::get<StrRef>(f.ref)(copy);
    }
    out.push_back({f.dotted(), std::move(text), f.secret});
  }
  return out;
}

std::string describe(const Config& config) {
  std::ostringstream out;
  for (const auto& v : config_values(config)) {
    out << v.key << ": ";
    if (v.secret) {
      out << (v.value.empty() ? "(unset)" : "***");
    } else {
      out << (v.value.empty() ? "\"\"" : v.value);
    }
    out << "\n";
  }
  return out.str();
}

}  // namespace p15
