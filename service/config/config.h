#pragma once
// The whole configuration, parsed once from YAML (plus P15_* environment overrides) and validated.
#include <map>
#include <string>
#include <vector>

#include "service/core/result.h"

namespace p15 {

struct ServiceConfig {
  int port = 5000;
  std::string bind_address = "127.0.0.1";
  std::string application_root = "/project_15th_street";
  std::string log_level = "info";  // trace, debug, info, warn, error
  // swagger-ui-dist's files (npm ci in swagger/); relative paths are against the working dir.
  std::string ui_dir = "swagger/node_modules/swagger-ui-dist";
  std::string openapi_file = "swagger/openapi.yaml";
};

struct DatabaseConfig {
  std::string host = "127.0.0.1";
  int port = 3306;
  std::string socket;  // when set, used instead of host:port
  std::string user = "p15";
  std::string password;       // secret: from P15_DATABASE_PASSWORD or password_file
  std::string password_file;  // a file holding the password (e.g. a Docker secret)
  std::string name = "project_15th_street";
  int connect_timeout_s = 3;
  int query_timeout_s = 5;
};

struct PollConfig {
  int interval_s = 30;
  int stale_after_s = 300;
  bool autostart = false;  // start polling at start-up without /start-poll
};

struct PolicyConfig {
  std::string name = "legacy";
  int min_amps = 5;  // Tesla's app floor; start/stop threshold
};

struct VehicleConfig {
  std::string adapter = "none";  // fleet, companion, none
  std::string vin;
  std::string fleet_base_url;  // the tesla-http-proxy base URL
  std::string fleet_token;     // secret: from P15_VEHICLE_FLEET_TOKEN or fleet_token_file
  std::string fleet_token_file;
  std::string fleet_ca_file;  // CA certificate (PEM) of the tesla-http-proxy's TLS; empty = system
  std::string companion_base_url;
  int request_timeout_s = 10;
  int max_wakes_per_hour = 3;
  int wake_timeout_s = 60;  // how long to wait for the car to come online after a wake-up
};

struct Config {
  ServiceConfig service;
  DatabaseConfig database;
  PollConfig poll;
  PolicyConfig policy;
  VehicleConfig vehicle;
  std::string source;  // the file it came from, for messages
};

// Reads the YAML file, applies P15_<SECTION>_<KEY> environment overrides, reads secret files,
// validates. An unknown key, a wrong type or an out-of-range value is an error naming the key
// and the file.
Result<Config> load_config(const std::string& path);

// Same, from YAML text and an explicit environment (for tests); `source` names it in messages.
Result<Config> load_config_text(const std::string& yaml, const std::string& source,
                                const std::map<std::string, std::string>& env);

// The config as YAML-like key/value lines with secrets masked, for the start-up log.
std::string describe(const Config& config);

// One key's value as text ("5000", "true", "/p15"), unmasked; `secret` says describe() masks it.
struct ConfigValue {
  std::string key;  // dotted, "service.port"
  std::string value;
  bool secret = false;
};
// Every key's value in config_keys() order. Not for logs (secrets in clear): for tests that load a
// config back from its own values.
std::vector<ConfigValue> config_values(const Config& config);

// Every accepted key, dotted ("service.port"), in file order.
std::vector<std::string> config_keys();

// The environment variable that overrides a dotted key: "service.port" -> "P15_SERVICE_PORT".
std::string config_env_var(const std::string& key);

// Accepted values of vehicle.adapter and service.log_level (policy names: policy_names()).
const std::vector<std::string>& vehicle_adapter_names();
const std::vector<std::string>& log_level_names();

// Steps of load_config_text() that live in config_rules.cpp; not for other callers.
namespace config_detail {
// Reads database.password_file / vehicle.fleet_token_file into the secret fields.
Status resolve_secrets(Config& config);
// Cross-key rules and normalisation (application_root, URLs, what each vehicle adapter needs).
Status check_rules(Config& config);
}  // namespace config_detail

}  // namespace p15
