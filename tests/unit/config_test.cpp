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
                "http://", "tok-SECRET-123")),
    [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace p15
