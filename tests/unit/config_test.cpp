// Every way a configuration can be wrong must stop start-up with a message that lets the operator
// find the line to fix: the key, and where the value came from (the file or the env variable).
#include "service/config/config.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <utility>

namespace p15 {
namespace {

using Env = std::map<std::string, std::string>;

constexpr const char* kSource = "test.yml";
const std::string kFleetNoUrl = "vehicle:\n  adapter: fleet\n  vin: 5YJ3E1EA1KF000001\n";
const std::string kFleet = kFleetNoUrl + "  fleet_base_url: http://127.0.0.1:4443\n";

struct BadCase {
  const char* name;
  std::string yaml;
  Env env;
  std::string key;          // the dotted key (or top-level name) the message must name
  std::string source;       // kSource, or the environment variable the value came from
  std::string detail;       // what was wrong
  std::string absent = "";  // must not appear (a secret)
};

BadCase Yaml(const char* name, std::string yaml, std::string key, std::string detail) {
  return BadCase{name, std::move(yaml), {}, std::move(key), kSource, std::move(detail)};
}

BadCase FromEnv(const char* name, const std::string& var, const std::string& value, std::string key,
                std::string detail) {
  return BadCase{name, "", {{var, value}}, std::move(key), var, std::move(detail)};
}

// A file-borne error that needs some environment to get that far (or must not leak it).
BadCase WithEnv(const char* name, std::string yaml, Env env, std::string key, std::string detail,
                std::string absent = "") {
  BadCase c = Yaml(name, std::move(yaml), std::move(key), std::move(detail));
  c.env = std::move(env);
  c.absent = std::move(absent);
  return c;
}

// Keeps gtest from dumping the struct's bytes when a row fails.
void PrintTo(const BadCase& c, std::ostream* os) { *os << c.name; }

class ConfigRejects : public ::testing::TestWithParam<BadCase> {};

TEST_P(ConfigRejects, NamingKeyAndSource) {
  const auto& c = GetParam();
  auto r = load_config_text(c.yaml, kSource, c.env);
  ASSERT_FALSE(r.ok()) << describe(r.value());
  const std::string& msg = r.error().message;
  EXPECT_NE(msg.find(c.key), std::string::npos) << msg;
  EXPECT_NE(msg.find(c.source), std::string::npos) << msg;
  EXPECT_NE(msg.find(c.detail), std::string::npos) << msg;
  if (!c.absent.empty()) {
    EXPECT_EQ(msg.find(c.absent), std::string::npos) << msg;
  }
}

const char* kPortRange = "expected an integer 1..65535";
const char* kTimeout = "expected an integer 1..600";
const char* kDay = "expected an integer 1..86400";
const char* kDay0 = "expected an integer 0..86400";

INSTANTIATE_TEST_SUITE_P(
    Yaml, ConfigRejects,
    ::testing::Values(
        Yaml("port_not_int", "service:\n  port: abc\n", "service.port",
             std::string(kPortRange) + ", got \"abc\""),
        Yaml("port_zero", "service:\n  port: 0\n", "service.port", kPortRange),
        Yaml("port_too_big", "service:\n  port: 65536\n", "service.port", kPortRange),
        Yaml("port_float", "service:\n  port: 5000.5\n", "service.port", kPortRange),
        Yaml("port_huge", "service:\n  port: 99999999999999999999\n", "service.port", kPortRange),
        Yaml("port_mapping", "service:\n  port:\n    a: 1\n", "service.port", "got a mapping"),
        Yaml("port_sequence", "service:\n  port: [1, 2]\n", "service.port", "got a sequence"),
        Yaml("port_empty", "service:\n  port:\n", "service.port", "got nothing"),
        Yaml("unknown_section", "colour: red\n", "colour", "unknown key"),
        Yaml("unknown_key", "database:\n  hots: db\n", "database.hots", "unknown key"),
        Yaml("duplicate_key", "service:\n  port: 1\n  port: 2\n", "service.port", "duplicate key"),
        Yaml("section_scalar", "poll: 5\n", "poll", "expected a mapping"),
        Yaml("top_level_scalar", "hello\n", "service", "expected a mapping of sections"),
        Yaml("syntax_error", "service:\n  port: 5000\n  bind_address: [oops\n", "line",
             "invalid YAML"),
        Yaml("syntax_error_line", "poll:\n  interval_s: 1\n bad: 2\n", "line 3", "invalid YAML"),
        Yaml("log_level", "service:\n  log_level: verbose\n", "service.log_level",
             "trace, debug, info, warn, error"),
        Yaml("root_relative", "service:\n  application_root: api\n", "service.application_root",
             "must start with '/'"),
        Yaml("root_empty", "service:\n  application_root: \"\"\n", "service.application_root",
             "must start with '/'"),
        Yaml("root_query", "service:\n  application_root: /a?b\n", "service.application_root",
             "plain path"),
        Yaml("bind_empty", "service:\n  bind_address:\n", "service.bind_address",
             "must not be empty"),
        Yaml("db_port", "database:\n  port: 0\n", "database.port", kPortRange),
        Yaml("db_connect_timeout", "database:\n  connect_timeout_s: 0\n",
             "database.connect_timeout_s", kTimeout),
        Yaml("db_query_timeout", "database:\n  query_timeout_s: 601\n", "database.query_timeout_s",
             kTimeout),
        Yaml("db_host_empty", "database:\n  host: \"\"\n", "database.host", "database.socket"),
        Yaml("db_user_empty", "database:\n  user: \"\"\n", "database.user", "must not be empty"),
        Yaml("db_name_empty", "database:\n  name: \"\"\n", "database.name", "must not be empty"),
        Yaml("interval_zero", "poll:\n  interval_s: 0\n", "poll.interval_s", kDay),
        Yaml("interval_too_long", "poll:\n  interval_s: 86401\n", "poll.interval_s", kDay),
        Yaml("stale_zero", "poll:\n  stale_after_s: 0\n", "poll.stale_after_s", kDay),
        Yaml("autostart_yes", "poll:\n  autostart: yes\n", "poll.autostart",
             "expected true or false, got \"yes\""),
        Yaml("policy_unknown", "policy:\n  name: magic\n", "policy.name", "expected one of legacy"),
        Yaml("min_amps_high", "policy:\n  min_amps: 49\n", "policy.min_amps",
             "expected an integer 0..48"),
        Yaml("min_amps_negative", "policy:\n  min_amps: -1\n", "policy.min_amps",
             "expected an integer 0..48"),
        Yaml("adapter_unknown", "vehicle:\n  adapter: tesla\n", "vehicle.adapter",
             "fleet, companion, none"),
        WithEnv("fleet_no_vin", "vehicle:\n  adapter: fleet\n  fleet_base_url: http://x\n",
                {{"P15_VEHICLE_FLEET_TOKEN", "t"}}, "vehicle.vin", "required"),
        WithEnv("fleet_no_url", "vehicle:\n  adapter: fleet\n  vin: V\n",
                {{"P15_VEHICLE_FLEET_TOKEN", "t"}}, "vehicle.fleet_base_url", "required"),
        Yaml("fleet_no_token", kFleet, "vehicle.fleet_token", "P15_VEHICLE_FLEET_TOKEN"),
        Yaml("fleet_url_scheme", kFleetNoUrl + "  fleet_base_url: ftp://x\n",
             "vehicle.fleet_base_url", "http:// or https://"),
        Yaml("companion_no_url", "vehicle:\n  adapter: companion\n", "vehicle.companion_base_url",
             "required"),
        Yaml("companion_url_scheme", "vehicle:\n  companion_base_url: localhost:80\n",
             "vehicle.companion_base_url", "http:// or https://"),
        Yaml("request_timeout", "vehicle:\n  request_timeout_s: 0\n", "vehicle.request_timeout_s",
             kTimeout),
        Yaml("wake_timeout", "vehicle:\n  wake_timeout_s: 601\n", "vehicle.wake_timeout_s",
             kTimeout),
        Yaml("max_wakes", "vehicle:\n  max_wakes_per_hour: 61\n", "vehicle.max_wakes_per_hour",
             "expected an integer 0..60"),
        Yaml("clock_source", "clock:\n  source: sim\n", "clock.source",
             "expected one of system, simulator, got \"sim\""),
        Yaml("clock_simulator_no_url", "clock:\n  source: simulator\n", "clock.simulator_url",
             "required when clock.source is simulator"),
        Yaml("clock_url_scheme", "clock:\n  source: simulator\n  simulator_url: 127.0.0.1:8090\n",
             "clock.simulator_url", "http:// or https://")),
    [](const auto& info) { return std::string(info.param.name); });

// The smart policy's settings, the tariff and the cost ledger (issue 7).
INSTANTIATE_TEST_SUITE_P(
    SmartTariffSavings, ConfigRejects,
    ::testing::Values(
        Yaml("smart_mode", "smart:\n  mode: turbo\n", "smart.mode",
             "expected one of off, solar, solar+min, fast, plan, got \"turbo\""),
        Yaml("start_delay_negative", "smart:\n  start_delay_s: -1\n", "smart.start_delay_s", kDay0),
        Yaml("stop_delay_float", "smart:\n  stop_delay_s: 1.5\n", "smart.stop_delay_s", kDay0),
        Yaml("min_amps_change_zero", "smart:\n  min_amps_change: 0\n", "smart.min_amps_change",
             "expected an integer 1..48"),
        Yaml("change_interval_too_long", "smart:\n  min_change_interval_s: 86401\n",
             "smart.min_change_interval_s", kDay0),
        Yaml("smoothing_text", "smart:\n  smoothing_s: slow\n", "smart.smoothing_s", kDay0),
        Yaml("floor_margin_negative", "smart:\n  floor_margin_wh: -1\n", "smart.floor_margin_wh",
             "expected a number 0..100000, got \"-1\""),
        Yaml("discharge_text", "smart:\n  powerwall_max_discharge_w: 5kW\n",
             "smart.powerwall_max_discharge_w", "expected a number 0..100000"),
        Yaml("battery_zero", "smart:\n  car_battery_kwh: 0\n", "smart.car_battery_kwh",
             "expected a number 1..300"),
        Yaml("battery_nan", "smart:\n  car_battery_kwh: nan\n", "smart.car_battery_kwh",
             "expected a number 1..300"),
        Yaml("battery_inf", "smart:\n  car_battery_kwh: inf\n", "smart.car_battery_kwh",
             "expected a number 1..300"),
        Yaml("efficiency_percent", "smart:\n  charger_efficiency: 90\n", "smart.charger_efficiency",
             "expected a number 0.5..1, got \"90\""),
        Yaml("efficiency_mapping", "smart:\n  charger_efficiency: {a: 1}\n",
             "smart.charger_efficiency", "got a mapping"),
        Yaml("target_soc", "smart:\n  target_soc: 101\n", "smart.target_soc",
             "expected a number 0..100"),
        Yaml("departure_hour", "smart:\n  departure: \"25:00\"\n", "smart.departure",
             "expected HH:MM (00:00..23:59)"),
        Yaml("departure_short", "smart:\n  departure: \"7:30\"\n", "smart.departure",
             "got \"7:30\""),
        Yaml("tariff_name", "tariff:\n  name: tou\n", "tariff.name",
             "expected one of flat, tou-nbt, file"),
        Yaml("import_negative", "tariff:\n  import_per_kwh: -0.1\n", "tariff.import_per_kwh",
             "expected a number 0..10"),
        Yaml("export_text", "tariff:\n  export_per_kwh: cheap\n", "tariff.export_per_kwh",
             "expected a number 0..10, got \"cheap\""),
        Yaml("zone", "tariff:\n  zone: mars\n", "tariff.zone",
             "us-pacific, europe-berlin, australia-sydney"),
        Yaml("file_without_name_file", "tariff:\n  file: my.yml\n", "tariff.file",
             "set tariff.name: file"),
        Yaml("name_file_without_file", "tariff:\n  name: file\n", "tariff.file",
             "required when tariff.name is file"),
        Yaml("file_missing", "tariff:\n  name: file\n  file: /nonexistent/p15-tariff.yml\n",
             "tariff.file", "cannot open /nonexistent/p15-tariff.yml"),
        Yaml("nbt_file_missing",
             "tariff:\n  name: tou-nbt\n  nbt_export_file: /nonexistent/p15-nbt.json\n",
             "tariff.nbt_export_file", "/nonexistent/p15-nbt.json"),
        Yaml("nbt_file_missing_says_how", "tariff:\n  name: tou-nbt\n  nbt_export_file: /nx.json\n",
             "tariff.nbt_export_file", "P15_TARIFF_NBT_EXPORT_FILE"),
        Yaml("zone_with_tou", "tariff:\n  name: tou-nbt\n  zone: europe-berlin\n", "tariff.zone",
             "flat only"),
        Yaml("round_trip", "savings:\n  powerwall_round_trip_efficiency: 0.4\n",
             "savings.powerwall_round_trip_efficiency", "expected a number 0.5..1"),
        Yaml("max_gap_zero", "savings:\n  max_gap_s: 0\n", "savings.max_gap_s", kDay),
        FromEnv("mode_env", "P15_SMART_MODE", "turbo", "smart.mode", "expected one of off"),
        FromEnv("import_env", "P15_TARIFF_IMPORT_PER_KWH", "0,23", "tariff.import_per_kwh",
                "expected a number 0..10, got \"0,23\""),
        FromEnv("efficiency_env", "P15_SMART_CHARGER_EFFICIENCY", "", "smart.charger_efficiency",
                "expected a number 0.5..1"),
        FromEnv("max_gap_env", "P15_SAVINGS_MAX_GAP_S", "5m", "savings.max_gap_s", kDay),
        Yaml("planner_car", "planner:\n  car: hybrid\n", "planner.car",
             "expected one of smart, plan"),
        FromEnv("planner_history_env", "P15_PLANNER_HISTORY_DAYS", "30", "planner.history_days",
                "expected an integer 0..28"),
        WithEnv("name_file_via_env", "", {{"P15_TARIFF_NAME", "file"}}, "tariff.file",
                "required when tariff.name is file")),
    [](const auto& info) { return std::string(info.param.name); });

INSTANTIATE_TEST_SUITE_P(
    Environment, ConfigRejects,
    ::testing::Values(
        FromEnv("port", "P15_SERVICE_PORT", "abc", "service.port",
                std::string(kPortRange) + ", got \"abc\""),
        FromEnv("policy", "P15_POLICY_NAME", "magic", "policy.name", "expected one of legacy"),
        FromEnv("autostart", "P15_POLL_AUTOSTART", "1", "poll.autostart", "expected true or false"),
        FromEnv("interval", "P15_POLL_INTERVAL_S", " 30", "poll.interval_s", kDay),
        FromEnv("adapter", "P15_VEHICLE_ADAPTER", "tesla", "vehicle.adapter",
                "fleet, companion, none"),
        FromEnv("clock", "P15_CLOCK_SOURCE", "simulated", "clock.source", "system, simulator"),
        WithEnv("root_via_env", "", {{"P15_SERVICE_APPLICATION_ROOT", "api"}},
                "service.application_root", "must start with '/'")),
    [](const auto& info) { return std::string(info.param.name); });

// Secrets: the key and the path are named, the secret never is.
INSTANTIATE_TEST_SUITE_P(
    Secrets, ConfigRejects,
    ::testing::Values(
        Yaml("password_file_missing", "database:\n  password_file: /nonexistent/p15-pw\n",
             "database.password_file", "\"/nonexistent/p15-pw\""),
        Yaml("password_file_is_dir", "database:\n  password_file: /\n", "database.password_file",
             "is a directory"),
        Yaml("token_file_missing", kFleet + "  fleet_token_file: /nonexistent/p15-token\n",
             "vehicle.fleet_token_file", "\"/nonexistent/p15-token\""),
        WithEnv("password_twice", "database:\n  password_file: /nonexistent/p15-pw\n",
                {{"P15_DATABASE_PASSWORD", "hunter2-secret"}}, "database.password_file", "not both",
                "hunter2-secret"),
        WithEnv("token_twice", kFleet + "  fleet_token_file: /nonexistent/p15-token\n",
                {{"P15_VEHICLE_FLEET_TOKEN", "tok-SECRET-123"}}, "vehicle.fleet_token_file",
                "not both", "tok-SECRET-123"),
        WithEnv("token_with_bad_url", kFleetNoUrl + "  fleet_base_url: ftp://x\n",
                {{"P15_VEHICLE_FLEET_TOKEN", "tok-SECRET-123"}}, "vehicle.fleet_base_url",
                "http://", "tok-SECRET-123"),
        Yaml("api_token_file_missing", "service:\n  api_token_file: /nonexistent/p15-api\n",
             "service.api_token_file", "\"/nonexistent/p15-api\""),
        WithEnv("api_token_twice", "service:\n  api_token_file: /nonexistent/p15-api\n",
                {{"P15_SERVICE_API_TOKEN", "api-SECRET-456"}}, "service.api_token_file", "not both",
                "api-SECRET-456"),
        WithEnv("api_token_with_space", "", {{"P15_SERVICE_API_TOKEN", "api SECRET-456"}},
                "service.api_token", "printable ASCII without spaces", "SECRET-456")),
    [](const auto& info) { return std::string(info.param.name); });

// A port others can reach needs the token: anyone reaching it could otherwise command the car.
INSTANTIATE_TEST_SUITE_P(
    BindWithoutToken, ConfigRejects,
    ::testing::Values(Yaml("all_interfaces", "service:\n  bind_address: 0.0.0.0\n",
                           "service.bind_address",
                           "\"0.0.0.0\" is not a loopback address and no token is set"),
                      Yaml("lan_address", "service:\n  bind_address: 192.168.1.20\n",
                           "service.bind_address",
                           "P15_SERVICE_API_TOKEN or service.api_token_file"),
                      Yaml("ipv6_any", "service:\n  bind_address: \"::\"\n", "service.bind_address",
                           "not a loopback address"),
                      Yaml("host_name", "service:\n  bind_address: p15.lan\n",
                           "service.bind_address", "not a loopback address"),
                      WithEnv("from_env", "", {{"P15_SERVICE_BIND_ADDRESS", "0.0.0.0"}},
                              "service.bind_address", "not a loopback address")),
    [](const auto& info) { return std::string(info.param.name); });

struct BindCase {
  const char* address;
  bool loopback;
};

class LoopbackAddress : public ::testing::TestWithParam<BindCase> {};

TEST_P(LoopbackAddress, DecidesWhetherTheTokenIsRequired) {
  const auto& c = GetParam();
  EXPECT_EQ(is_loopback_address(c.address), c.loopback) << c.address;
  auto r = load_config_text("", kSource, {{"P15_SERVICE_BIND_ADDRESS", c.address}});
  EXPECT_EQ(r.ok(), c.loopback) << (r.ok() ? "" : r.error().message);
  auto with_token = load_config_text(
      "", kSource, {{"P15_SERVICE_BIND_ADDRESS", c.address}, {"P15_SERVICE_API_TOKEN", "t0k"}});
  EXPECT_TRUE(with_token.ok()) << with_token.error().message;
}

INSTANTIATE_TEST_SUITE_P(Addresses, LoopbackAddress,
                         ::testing::Values(BindCase{"127.0.0.1", true}, BindCase{"127.1.2.3", true},
                                           BindCase{"localhost", true}, BindCase{"::1", true},
                                           BindCase{"[::1]", true}, BindCase{"0.0.0.0", false},
                                           BindCase{"10.0.0.5", false},
                                           BindCase{"128.0.0.1", false}, BindCase{"::", false},
                                           BindCase{"::ffff:127.0.0.1", false},
                                           BindCase{"localhost.evil", false},
                                           BindCase{"127.0.0.1.nip.io", false}));

}  // namespace
}  // namespace p15
