#pragma once
// The whole configuration, parsed once from YAML (plus P15_* environment overrides) and validated.
#include <map>
#include <string>
#include <vector>

#include "service/core/energy_ledger.h"
#include "service/core/policy.h"
#include "service/core/result.h"
#include "service/core/tariff.h"

namespace p15 {

struct ServiceConfig {
  int port = 5000;
  std::string bind_address = "127.0.0.1";
  std::string application_root = "/project_15th_street";
  std::string log_level = "info";  // trace, debug, info, warn, error
  // swagger-ui-dist's files (npm ci in swagger/); relative paths are against the working dir.
  std::string ui_dir = "swagger/node_modules/swagger-ui-dist";
  std::string openapi_file = "swagger/openapi.yaml";
  // The owner's page (web/: its files, and uPlot from npm ci in web/), served at {root}/home/.
  std::string home_dir = "web";
  // secret: from P15_SERVICE_API_TOKEN or api_token_file. When set, the routes that change state
  // need "Authorization: Bearer <token>"; required to bind to anything but loopback.
  std::string api_token;
  std::string api_token_file;
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
  int reconnect_max_s = 30;  // longest wait between connection attempts while the DB is down
  // The zone the collector's `timestamp` column is written in: UTC (this project's collector),
  // or the wall clock of the original collector, an IANA name or one of zone_names().
  std::string row_time_zone = "UTC";
};

struct PollConfig {
  int interval_s = 30;
  int stale_after_s = 300;
  bool autostart = false;  // start polling at start-up without /start-poll
  // No amps are computed from a car's charge state older than this (the collector reads it
  // only while something needs it, so a row can be fresh while its charge state is not).
  int charge_state_max_age_s = 900;
};

struct PolicyConfig {
  std::string name = "smart";
  int min_amps = 5;  // Tesla's app floor; start/stop threshold
};

// The smart policy's settings (service/core/smart_settings.h); used when policy.name is smart.
// The defaults are SmartSettings' own (a unit test keeps them equal).
struct SmartConfig {
  std::string mode = "solar";  // off, solar, solar+min, fast, plan
  int start_delay_s = 30;
  int stop_delay_s = 1800;
  int min_amps_change = 1;
  int min_change_interval_s = 300;
  int smoothing_s = 60;
  double floor_margin_wh = 1000;
  double powerwall_max_discharge_w = 5000;
  double car_battery_kwh = 75;
  double charger_efficiency = 0.90;
  double target_soc = 0;  // % at departure; 0: the car's charge_limit_soc
  std::string departure;  // "HH:MM" in the tariff's zone, plan mode's daily departure; "" = none
};

// The planner policy's settings (service/core/planner_settings.h); used when policy.name is
// planner, which also takes the smart.* keys for the car.
struct PlannerConfig {
  int replan_s = 900;                        // solve again at least this often
  std::string forecaster = "weather-aware";  // forecaster_names() in service/core/forecast.h
  std::string car = "smart";                 // who decides the car: smart or plan
  int history_days = 7;  // the collector's rows the forecast learns from at start-up
};

// What a kWh costs: by name (flat with the two prices below, or tou-nbt), or from a tariff file.
struct TariffConfig {
  std::string name = "flat";                  // flat, tou-nbt, file
  double import_per_kwh = kSeedImportPerKwh;  // flat only
  double export_per_kwh = kSeedExportPerKwh;  // flat only
  std::string zone = "us-pacific";  // flat only: "today" and smart.departure are local to it
  std::string file;                 // name file: a tariff file (service/config/tariff_file.h)
  // tou-nbt's hourly export values (PG&E NBT25, as p15-sim and p15-backtest read them).
  std::string nbt_export_file = "../shared/data/pge_nbt25_export_rates.json";
  // The tariff the keys above describe, read by load_config (files included).
  Tariff loaded = flat_tariff();
};

// The cost ledger (service/core/energy_ledger.h) behind GET /savings.
struct SavingsConfig {
  // A Powerwall kWh is valued as the solar stored in it: export price / this.
  double powerwall_round_trip_efficiency = 0.90;
  // A longer gap between two cycles counts the car's draw for this long only.
  int max_gap_s = 300;
};

// What the owner knows of the Powerwall, for rows that leave it out (today's live_status has no
// energy_left or total_pack_energy; service/store/powerwall_json.h).
struct PowerwallConfig {
  double capacity_wh = 0;              // 0: not set; 13,500 Wh per Powerwall 2 or 3
  double backup_reserve_percent = -1;  // -1: not set
  // While the grid is down the car charges only above this (site_info's
  // off_grid_vehicle_charging_reserve_percent wins when the row has it); -1: not set, never.
  double off_grid_vehicle_charging_reserve_percent = -1;
  // The service steers the energy site's settings (reserve, mode, grid charging, export rule)
  // as the planner asks, through the Fleet API (service/site/steward.h); needs policy.name
  // planner and vehicle.adapter fleet over the fleet transport.
  bool steer = false;
  int max_settings_per_day = 5;  // Tesla's published limit for energy-site settings changes
  // Cycles without a trusted decision for this long end a hold: the owner's settings come back.
  int restore_after_failure_s = 600;
};

struct VehicleConfig {
  std::string adapter = "none";  // fleet, companion, none
  std::string vin;
  std::string fleet_base_url;  // the tesla-http-proxy base URL
  std::string fleet_token;     // secret: from P15_VEHICLE_FLEET_TOKEN or fleet_token_file
  std::string fleet_token_file;
  std::string fleet_ca_file;  // CA certificate (PEM) of the tesla-http-proxy's TLS; empty = system
  // fleet: tesla-http-proxy in front of the Fleet API (billed); ble: a local BLE proxy answering
  // the same command paths (TeslaBleHttpProxy), not billed.
  std::string transport = "fleet";
  // Renewing the access token after a 401: the refresh_token grant at fleet_auth_url with this
  // application's client id; the single-use refresh token lives in fleet_refresh_token_file and
  // is replaced there by the rotated one. Empty client id: no refresh (the token file is re-read).
  std::string fleet_client_id;
  std::string fleet_refresh_token_file;
  std::string fleet_auth_url = "https://fleet-auth.prd.vn.cloud.tesla.com/oauth2/v3/token";
  std::string companion_base_url;
  int request_timeout_s = 20;  // tesla-http-proxy's own timeout is 10 s
  int max_wakes_per_hour = 3;
  int max_wakes_per_day = 3;  // Tesla's free credit covers about 2 wakes a day per car
  int wake_timeout_s = 60;    // how long to wait for the car to come online after a wake-up
};

// The home's wall clock the policy decides on (service/clock/home_clock.h).
struct ClockConfig {
  std::string source = "system";  // system, simulator
  std::string simulator_url;      // p15-sim's status server, e.g. http://127.0.0.1:8090
};

// p15-collector (collector/): what it reads, how often, within which Tesla budget, how long rows
// are kept. The Tesla account is vehicle.* (one client, one token for both programs).
struct CollectorConfig {
  int port = 5010;
  std::string bind_address = "127.0.0.1";
  std::string url;      // the service asks the collector for a fresh car read here; "" = never
  int interval_s = 10;  // local sources (gateway, Wall Connector) and the row cadence
  int vehicle_refresh_s = 300;  // charge_state at most this often while the car charges
  int site_info_interval_s = 3600;
  double max_dollars_per_month = 8;  // Tesla's $10 credit less room for the service's commands
  int retention_days = 30;           // rows kept; 0 = keep all
  std::string energy_site_id;        // "" = found from GET /api/1/products
  std::string gateway_url;           // Powerwall 2/+ gateway, e.g. https://192.168.1.50
  std::string gateway_email;
  std::string gateway_password;  // secret: P15_COLLECTOR_GATEWAY_PASSWORD or gateway_password_file
  std::string gateway_password_file;
  std::string gateway_ca_file;     // the gateway's certificate (PEM); "" = not verified
  std::string wall_connector_url;  // Wall Connector Gen 3, e.g. http://192.168.1.60
};

// Alert notifications (service/notify/): one POST per alert start and end to webhook_url.
struct NotificationsConfig {
  // secret (an ntfy topic or a hook's token is in it): from P15_NOTIFICATIONS_WEBHOOK_URL or
  // webhook_url_file; "" = no notifications. Logged as scheme://host/... only.
  std::string webhook_url;
  std::string webhook_url_file;
  std::string format = "json";  // json (any webhook) or ntfy (plain text + Title/Tags/Priority)
  int timeout_s = 5;            // per attempt
  int max_attempts = 3;         // per notification, the first included
};

struct Config {
  ServiceConfig service;
  DatabaseConfig database;
  PollConfig poll;
  PolicyConfig policy;
  SmartConfig smart;
  PlannerConfig planner;
  TariffConfig tariff;
  SavingsConfig savings;
  PowerwallConfig powerwall;
  VehicleConfig vehicle;
  ClockConfig clock;
  CollectorConfig collector;
  NotificationsConfig notifications;
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

// True for addresses only this machine can reach: 127.0.0.0/8, ::1 (bracketed or not), localhost.
bool is_loopback_address(const std::string& address);

// Accepted values of vehicle.adapter, service.log_level, clock.source and tariff.name (policy
// names: policy_names(); smart.mode: charge_mode_names() in smart_settings.h; zones:
// zone_names() in time_zones.h).
const std::vector<std::string>& vehicle_adapter_names();
const std::vector<std::string>& vehicle_transport_names();
const std::vector<std::string>& log_level_names();
const std::vector<std::string>& clock_source_names();
const std::vector<std::string>& tariff_names();

// The policy's and the ledger's settings from a loaded (validated) config.
PolicySettings policy_settings(const Config& config);
LedgerSettings ledger_settings(const Config& config);

// Steps of load_config_text() that live in config_rules.cpp; not for other callers.
namespace config_detail {
// Reads database.password_file, vehicle.fleet_token_file and service.api_token_file into the
// secret fields.
Status resolve_secrets(Config& config);
// Cross-key rules and normalisation (application_root, URLs, what each vehicle adapter needs).
Status check_rules(Config& config);
// Reads the tariff the tariff.* keys name (files included) into config.tariff.loaded.
Status resolve_tariff(Config& config);
}  // namespace config_detail

}  // namespace p15
