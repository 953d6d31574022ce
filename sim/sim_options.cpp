#include "sim/sim_options.h"

#include <cstdlib>
#include <fstream>

#include "sim/cli_checks.h"
#include "sim/sim_time.h"

namespace p15::sim {

namespace {

Result<std::string> read_secret_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Error{"--fleet-token-file: cannot read " + path};
  std::string token;
  std::getline(in, token);
  if (!token.empty() && token.back() == '\r') token.pop_back();
  if (token.empty()) return Error{"--fleet-token-file: " + path + " is empty"};
  return token;
}

// The options that name a choice, read as text and turned into SimOptions after parsing.
struct Choices {
  std::string dataset = "opsd";
  std::string plug = "schedule";
  std::string shape = "live-status";
  std::string fleet_token_file;
  std::string step_mode = "real-time";
};

CLI::Validator wall_time() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        if (parse_wall_time(text)) return {};
        return "expected YYYY-MM-DDTHH:MM, got '" + text + "'";
      },
      "YYYY-MM-DDTHH:MM");
}

void add_choices(CLI::App& app, SimOptions& o, Choices& c) {
  app.add_option("--dataset", c.dataset)->check(one_of({"opsd", "ausgrid"}));
  app.add_option("--plug", c.plug)->check(one_of({"always", "schedule"}));
  app.add_option("--tariff", o.tariff)->check(one_of({"flat", "tou-nbt"}));
  app.add_option("--powerwall-shape", c.shape)->check(one_of({"live-status", "current", "legacy"}));
  app.add_option("--start", o.start)->check(wall_time());
  app.add_option("--tesla-front", o.tesla_front)->check(one_of({"proxy", "direct", "ble"}));
  app.add_option("--fleet-token-file", c.fleet_token_file);
  app.add_option("--step-mode", c.step_mode)->check(one_of({"real-time", "external"}));
}

void add_numbers(CLI::App& app, SimOptions& o) {
  app.add_option("--speed", o.speed)->transform(number_in(1e-3, 1e9));
  app.add_option("--tick-s", o.tick_s)->transform(number_in(1, 3600));
  app.add_option("--seed", o.seed)->transform(number_in(0, 9e15, true));
  app.add_option("--duration-h", o.duration_h)->transform(number_in(0, 1e6));
  app.add_option("--fleet-port", o.fleet_port)->transform(number_in(0, 65535, true));
  app.add_option("--http-port", o.http_port)->transform(number_in(0, 65535, true));
  app.add_option("--gateway-port", o.gateway_port)->transform(number_in(0, 65535, true));
  app.add_option("--wall-connector-port", o.wall_connector_port)
      ->transform(number_in(0, 65535, true));
  app.add_option("--gateway-session-s", o.gateway_session_s)->transform(number_in(1, 1e7));
  app.add_option("--sleep-after-min", o.sleep_after_min)->transform(number_in(0.1, 1440));
  app.add_option("--car-soc", o.car_soc)->transform(number_in(0, 100));
  app.add_option("--charge-limit", o.charge_limit_soc)->transform(number_in(50, 100));
  app.add_option("--powerwall-soc", o.powerwall_soc)->transform(number_in(0, 100));
  app.add_option("--reserve", o.backup_reserve_percent)->transform(number_in(0, 100));
  app.add_option("--powerwall-mode", o.powerwall_mode)->check(one_of({"self-powered", "tbc"}));
  app.add_option("--off-grid-reserve", o.off_grid_reserve_percent)->transform(number_in(0, 100));
  app.add_option("--token-lifetime-s", o.token_lifetime_s)->transform(number_in(1, 1e8));
  app.add_option("--wake-delay-s", o.wake_delay_s)->transform(number_in(0, 3600));
  app.add_option_function<double>("--pv-scale", [&o](const double& v) { o.pv_scale = v; })
      ->transform(number_in(0, 1000));
  app.add_option_function<double>("--load-scale", [&o](const double& v) { o.load_scale = v; })
      ->transform(number_in(0, 1000));
  app.add_option("--db-port", o.db.port)->transform(number_in(1, 65535, true));
}

void add_texts(CLI::App& app, SimOptions& o) {
  app.add_option("--data-dir", o.data_dir);
  app.add_option("--vin", o.vin);
  app.add_option("--gateway-email", o.gateway_email);
  app.add_option("--tls-dir", o.tls_dir);
  app.add_option("--tls-names", o.tls_names);
  app.add_option("--issue-tokens", o.issue_tokens_dir);
  app.add_option("--log-level", o.log_level);
  app.add_option("--db-host", o.db.host);
  app.add_option("--db-socket", o.db.socket);
  app.add_option("--db-user", o.db.user);
  app.add_option("--db-name", o.db.database);
  app.add_option("--schema", o.db.schema_file);
}

void add_flags(CLI::App& app, SimOptions& o) {
  app.add_flag("-h,--help", o.help);
  app.add_flag("--car-asleep", o.car_asleep);
  app.add_flag("--create-tables", o.db.create_tables);
  app.add_flag_callback("--no-db", [&o] { o.use_db = false; });
  app.add_flag_callback("--direct-rows", [&o] { o.use_db = true; });
}

Status apply_choices(const Choices& c, SimOptions& o) {
  o.dataset = c.dataset == "ausgrid" ? Dataset::Ausgrid : Dataset::Opsd;
  o.external_steps = c.step_mode == "external";
  o.plug = c.plug == "always" ? PlugMode::Always : PlugMode::Schedule;
  o.shape = c.shape == "legacy"    ? PowerwallShape::Legacy
            : c.shape == "current" ? PowerwallShape::Current
                                   : PowerwallShape::LiveStatus;
  if (!c.fleet_token_file.empty()) {
    auto token = read_secret_file(c.fleet_token_file);
    if (!token) return token.error();
    o.fleet_token = *token;
  }
  return ok_status();
}

}  // namespace

EnvLookup process_env() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    return v != nullptr ? std::optional<std::string>(v) : std::nullopt;
  };
}

std::string default_start(Dataset dataset) {
  // OPSD: a German summer; Ausgrid: a Sydney summer (its winter is June).
  return dataset == Dataset::Opsd ? "2016-06-01T00:00" : "2011-12-01T00:00";
}

Result<SimOptions> parse_sim_options(const std::vector<std::string>& args, const EnvLookup& env) {
  SimOptions o;
  if (auto dir = env("P15_DATA_DIR")) o.data_dir = *dir;
  if (auto pw = env("P15_SIM_DB_PASSWORD")) o.db.password = *pw;
  if (auto token = env("P15_SIM_FLEET_TOKEN"); token && !token->empty()) o.fleet_token = *token;
  if (auto pw = env("P15_SIM_GATEWAY_PASSWORD"); pw && !pw->empty()) o.gateway_password = *pw;
  Choices choices;
  CLI::App app{"p15-sim"};
  use_house_defaults(app);
  add_choices(app, o, choices);
  add_numbers(app, o);
  add_texts(app, o);
  add_flags(app, o);
  add_home_csv_flags(app, o.csv);
  if (auto st = parse_command_line(app, args); !st) return st.error();
  if (auto st = apply_choices(choices, o); !st) return st.error();
  if (!o.csv.file.empty()) {
    if (auto csv = home_csv_options(o.csv); !csv) return csv.error();
  } else if (o.start.empty()) {
    o.start = default_start(o.dataset);
  }
  if (o.gateway_port >= 0 && o.tls_dir.empty()) {
    return Error{"--gateway-port needs --tls-dir: the gateway answers on HTTPS only"};
  }
  return o;
}

std::string sim_usage() {
  return R"(p15-sim: a simulated home (solar, Powerwall, Tesla) for Project 15th Street.
Plays what p15-collector and p15-service cannot run here: Tesla's Fleet API (with
tesla-http-proxy and the OAuth server), the Powerwall gateway's local API and the Wall Connector.
With --direct-rows it also writes the collector's rows itself (battery_model/vehicle_model).

  --speed N              simulated seconds per real second (60 = an hour a minute) [60]
  --tick-s S             simulated seconds between collector rows [30]
  --step-mode real-time|external  time paced by --speed, or moved only by POST /advance?s=N on
                         the status port (answered when done; lockstep tests) [real-time]
  --dataset opsd|ausgrid household data [opsd]
  --start YYYY-MM-DDTHH:MM  simulated start, the dataset's wall clock, replayed in Pacific time
                         [opsd 2016-06-01T00:00, ausgrid 2011-12-01T00:00]
  --csv FILE             the home's own data instead of --dataset (docs/own-data.md): a
                         generic CSV or the Tesla app's energy export; starts on its first
                         full local day unless --start says otherwise
  --csv-format generic|tesla  [generic]; tesla: Date time, Solar (kW), Home (kW)
  --csv-time COL --csv-solar COL --csv-load COL  the columns [time solar load]
  --csv-quantity power|energy  average power or energy per row [power]
  --csv-unit W|kW|Wh|kWh [kW for power, kWh for energy]
  --csv-zone ZONE        the home's zone (UTC, us-pacific, or an IANA name); times without
                         an offset are read in it [UTC]
  --csv-step-s N         the rows' interval [the timestamps' most common spacing]
  --data-dir DIR         data files [$P15_DATA_DIR, else <repo>/../shared/data]
  --seed N               driving-energy RNG seed [1]
  --duration-h H         stop after H simulated hours [0 = until SIGINT/SIGTERM]
  --plug always|schedule car home always, or 18:00-07:30 with 8-15 kWh daily driving [schedule]
  --tariff flat|tou-nbt  flat 0.2291/0.062 $/kWh, or PG&E E-TOU-C-like import + NBT25 export [flat]
  --powerwall-shape live-status|current|legacy  battery_model JSON shape: today's live_status +
                         site_info (percentage_charged, nameplate_energy; no energy_left), the
                         same with energy_left/total_pack_energy (before March 2024), or TeslaPy's
                         get_battery_data [live-status]
  --fleet-port P         Tesla's port (tesla-http-proxy's) on 127.0.0.1, 0 = free port [4443]
  --tesla-front proxy|direct|ble  tesla-http-proxy before the Fleet API, the Fleet API alone, or
                         a local BLE proxy (no token, not billed) [proxy]
  --tls-dir DIR          serve HTTPS with DIR/cert.pem and DIR/key.pem, made with DIR/ca.pem
                         (the service's vehicle.fleet_ca_file) when missing [plain HTTP]
  --tls-names N1,N2      more host names or IPs for the certificate [localhost, 127.0.0.1]
  --fleet-token-file F   a token the fake accepts for ever [$P15_SIM_FLEET_TOKEN, else "sim-token"]
  --issue-tokens DIR     also issue an expiring access token (DIR/access-token) and a refresh
                         token (DIR/refresh-token, client id "p15-sim"), as Tesla's OAuth does
  --token-lifetime-s S   issued access tokens expire after S simulated seconds [28800]
  --wake-delay-s S       a woken car comes online S simulated seconds later [20]
  --car-asleep           the car starts asleep
  --http-port P          GET /status port on 127.0.0.1, 0 = free port [8090]
  --sleep-after-min M    the car sleeps after M idle minutes [15]
  --db-host H --db-port P --db-socket S --db-user U --db-name N
                         MariaDB [127.0.0.1 3306 - root project_15th_street];
                         password from $P15_SIM_DB_PASSWORD
  --create-tables        apply the schema first (every CREATE is IF NOT EXISTS)
  --schema FILE          the schema --create-tables applies [the nearest config/schema.sql
                         above the executable, else above the working directory]
  --direct-rows          write the collector's rows into MariaDB itself, without
                         p15-collector (the lockstep tests of the service alone)
  --no-db                write no rows (the default)
  --gateway-port P       serve the Powerwall gateway's local API on 127.0.0.1:P over HTTPS
                         (needs --tls-dir), 0 = free port [not served]
  --gateway-email E      the gateway's customer login [owner@example.com]; its password from
                         $P15_SIM_GATEWAY_PASSWORD [sim-gateway-password]
  --gateway-session-s S  a gateway login lasts S simulated seconds [3600]
  --wall-connector-port P  serve a Wall Connector Gen 3's GET /api/1/vitals on 127.0.0.1:P,
                         0 = free port [not served]
  --pv-scale X --load-scale X  scale the data [opsd 1, ausgrid 7/1.04; loads 1]
  --car-soc P --charge-limit P --powerwall-soc P --reserve P  initial state [50 90 50 20]
  --powerwall-mode M     self-powered, or tbc: Time-Based Control with battery export on the
                         tariff's hours (docs/powerwall-model.md) [self-powered]
  --off-grid-reserve P   site_info's off_grid_vehicle_charging_reserve_percent in live-status
                         rows (the simulated grid never fails) [20]
  --vin VIN              [5YJ3E1EA1KF000001]
  --log-level L          trace|debug|info|warn|error [info]
)";
}

}  // namespace p15::sim
