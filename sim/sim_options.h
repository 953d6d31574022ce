#pragma once
// p15-sim's command line. Secrets come from the environment or files, never from flags.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "service/core/result.h"
#include "service/core/types.h"
#include "sim/car_model.h"
#include "sim/collector_writer.h"
#include "sim/home_csv_flags.h"
#include "sim/household_data.h"

namespace p15::sim {

// A local-only fake: the Fleet API token the simulator's fake server accepts by default.
inline constexpr const char* kDefaultFleetToken = "sim-token";

struct SimOptions {
  double speed = 60;  // simulated seconds per real second
  // --step-mode external: time moves only through POST /advance (speed is then unused).
  bool external_steps = false;
  double tick_s = 30;  // simulated seconds per tick (one collector row pair per tick)
  Dataset dataset = Dataset::Opsd;
  HomeCsvFlags csv;  // --csv FILE: the home's own data instead of the dataset
  // "YYYY-MM-DDTHH:MM", the dataset's wall clock; empty = the dataset's default, or with --csv
  // the data's first full local day
  std::string start;
  std::string data_dir;  // empty = $P15_DATA_DIR, else <repo root>/../shared/data
  std::uint64_t seed = 1;
  double duration_h = 0;  // 0 = until SIGINT/SIGTERM
  PlugMode plug = PlugMode::Schedule;
  std::string tariff = "flat";
  PowerwallShape shape = PowerwallShape::LiveStatus;  // what Tesla's live_status gives today
  int fleet_port = 4443;                              // 0 = a free port
  std::string fleet_token = kDefaultFleetToken;
  int http_port = 8090;   // 0 = a free port
  int gateway_port = -1;  // -1 = not served, 0 = a free port (HTTPS: needs tls_dir)
  std::string gateway_email = "owner@example.com";
  std::string gateway_password = "sim-gateway-password";  // P15_SIM_GATEWAY_PASSWORD
  double gateway_session_s = 3600;
  int wall_connector_port = -1;  // -1 = not served
  double sleep_after_min = 15;
  bool use_db = false;  // --direct-rows: the simulator writes the collector's rows itself
  DbOptions db;
  std::optional<double> pv_scale;  // default: default_load_options(dataset)
  std::optional<double> load_scale;
  double car_soc = 50;
  double charge_limit_soc = 90;
  double powerwall_soc = 50;
  double backup_reserve_percent = 20;
  // The Powerwall's operation mode: self-powered, or tbc (Time-Based Control with battery
  // export, docs/powerwall-model.md).
  std::string powerwall_mode = "self-powered";
  double off_grid_reserve_percent = 20;  // site_info's, reported in live-status rows
  std::string vin = "5YJ3E1EA1KF000001";
  // Tesla's front (sim/tesla_front.h): tesla-http-proxy over HTTPS by default.
  std::string tesla_front = "proxy";  // proxy, direct, ble
  std::string tls_dir;           // HTTPS with the CA, certificate and key here (made when missing)
  std::string tls_names;         // extra names for the certificate, comma-separated (e.g. sim)
  std::string issue_tokens_dir;  // write an expiring access token and a refresh token here
  double token_lifetime_s = 8 * 3600;
  double wake_delay_s = 20;
  bool car_asleep = false;  // the car starts asleep
  std::string log_level = "info";
  bool help = false;
};

// Environment lookup, injected so tests need not touch the process environment.
using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;
EnvLookup process_env();

// args excludes argv[0]. Reads P15_DATA_DIR, P15_SIM_DB_PASSWORD, P15_SIM_FLEET_TOKEN.
Result<SimOptions> parse_sim_options(const std::vector<std::string>& args, const EnvLookup& env);
std::string sim_usage();
std::string default_start(Dataset dataset);

}  // namespace p15::sim
