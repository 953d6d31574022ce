#include "sim/sim_options.h"

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <type_traits>

#include "sim/sim_time.h"

namespace p15::sim {

namespace {

using Setter = std::function<Status(SimOptions&, const std::string&)>;

template <class T>
Result<T> number(const std::string& flag, const std::string& text, double lo, double hi) {
  try {
    std::size_t used = 0;
    const double v = std::stod(text, &used);
    if (used != text.size() || v < lo || v > hi) throw std::out_of_range(text);
    if (std::is_integral_v<T> && static_cast<double>(static_cast<T>(v)) != v) {
      throw std::out_of_range(text);
    }
    return static_cast<T>(v);
  } catch (const std::exception&) {
    std::ostringstream msg;
    msg << flag << ": expected a number in [" << lo << ", " << hi << "], got '" << text << "'";
    return Error{msg.str()};
  }
}

template <class T>
Setter set_number(T SimOptions::*field, double lo, double hi, const char* flag) {
  return [=](SimOptions& o, const std::string& v) -> Status {
    auto n = number<T>(flag, v, lo, hi);
    if (!n) return n.error();
    o.*field = *n;
    return ok_status();
  };
}

Setter set_string(std::string SimOptions::*field) {
  return [=](SimOptions& o, const std::string& v) -> Status {
    o.*field = v;
    return ok_status();
  };
}

Result<std::string> read_secret_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Error{"--fleet-token-file: cannot read " + path};
  std::string token;
  std::getline(in, token);
  if (!token.empty() && token.back() == '\r') token.pop_back();
  if (token.empty()) return Error{"--fleet-token-file: " + path + " is empty"};
  return token;
}

Status choose(const std::string& flag, const std::string& v, const std::vector<std::string>& ok) {
  for (const auto& o : ok) {
    if (v == o) return ok_status();
  }
  std::string list;
  for (const auto& o : ok) list += (list.empty() ? "" : "|") + o;
  return Error{flag + ": expected " + list + ", got '" + v + "'"};
}

std::map<std::string, Setter> enum_setters() {
  std::map<std::string, Setter> m;
  m["--dataset"] = [](SimOptions& o, const std::string& v) -> Status {
    if (auto s = choose("--dataset", v, {"opsd", "ausgrid"}); !s) return s;
    o.dataset = v == "opsd" ? Dataset::Opsd : Dataset::Ausgrid;
    return ok_status();
  };
  m["--plug"] = [](SimOptions& o, const std::string& v) -> Status {
    if (auto s = choose("--plug", v, {"always", "schedule"}); !s) return s;
    o.plug = v == "always" ? PlugMode::Always : PlugMode::Schedule;
    return ok_status();
  };
  m["--tariff"] = [](SimOptions& o, const std::string& v) -> Status {
    if (auto s = choose("--tariff", v, {"flat", "tou-nbt"}); !s) return s;
    o.tariff = v;
    return ok_status();
  };
  m["--powerwall-shape"] = [](SimOptions& o, const std::string& v) -> Status {
    if (auto s = choose("--powerwall-shape", v, {"live-status", "current", "legacy"}); !s) {
      return s;
    }
    o.shape = v == "legacy"    ? PowerwallShape::Legacy
              : v == "current" ? PowerwallShape::Current
                               : PowerwallShape::LiveStatus;
    return ok_status();
  };
  m["--start"] = [](SimOptions& o, const std::string& v) -> Status {
    if (!parse_wall_time(v)) return Error{"--start: expected YYYY-MM-DDTHH:MM, got '" + v + "'"};
    o.start = v;
    return ok_status();
  };
  m["--tesla-front"] = [](SimOptions& o, const std::string& v) -> Status {
    if (auto s = choose("--tesla-front", v, {"proxy", "direct", "ble"}); !s) return s;
    o.tesla_front = v;
    return ok_status();
  };
  m["--fleet-token-file"] = [](SimOptions& o, const std::string& v) -> Status {
    auto token = read_secret_file(v);
    if (!token) return token.error();
    o.fleet_token = *token;
    return ok_status();
  };
  return m;
}

std::map<std::string, Setter> setters() {
  auto m = enum_setters();
  m["--speed"] = set_number(&SimOptions::speed, 1e-3, 1e9, "--speed");
  m["--tick-s"] = set_number(&SimOptions::tick_s, 1, 3600, "--tick-s");
  m["--data-dir"] = set_string(&SimOptions::data_dir);
  m["--seed"] = set_number(&SimOptions::seed, 0, 9e15, "--seed");
  m["--duration-h"] = set_number(&SimOptions::duration_h, 0, 1e6, "--duration-h");
  m["--fleet-port"] = set_number(&SimOptions::fleet_port, 0, 65535, "--fleet-port");
  m["--http-port"] = set_number(&SimOptions::http_port, 0, 65535, "--http-port");
  m["--sleep-after-min"] = set_number(&SimOptions::sleep_after_min, 0.1, 1440, "--sleep-after-min");
  m["--car-soc"] = set_number(&SimOptions::car_soc, 0, 100, "--car-soc");
  m["--charge-limit"] = set_number(&SimOptions::charge_limit_soc, 50, 100, "--charge-limit");
  m["--powerwall-soc"] = set_number(&SimOptions::powerwall_soc, 0, 100, "--powerwall-soc");
  m["--reserve"] = set_number(&SimOptions::backup_reserve_percent, 0, 100, "--reserve");
  m["--off-grid-reserve"] =
      set_number(&SimOptions::off_grid_reserve_percent, 0, 100, "--off-grid-reserve");
  m["--vin"] = set_string(&SimOptions::vin);
  m["--tls-dir"] = set_string(&SimOptions::tls_dir);
  m["--tls-names"] = set_string(&SimOptions::tls_names);
  m["--issue-tokens"] = set_string(&SimOptions::issue_tokens_dir);
  m["--token-lifetime-s"] = set_number(&SimOptions::token_lifetime_s, 1, 1e8, "--token-lifetime-s");
  m["--wake-delay-s"] = set_number(&SimOptions::wake_delay_s, 0, 3600, "--wake-delay-s");
  m["--log-level"] = set_string(&SimOptions::log_level);
  m["--pv-scale"] = [](SimOptions& o, const std::string& v) -> Status {
    auto n = number<double>("--pv-scale", v, 0, 1000);
    if (!n) return n.error();
    o.pv_scale = *n;
    return ok_status();
  };
  m["--load-scale"] = [](SimOptions& o, const std::string& v) -> Status {
    auto n = number<double>("--load-scale", v, 0, 1000);
    if (!n) return n.error();
    o.load_scale = *n;
    return ok_status();
  };
  m["--db-host"] = [](SimOptions& o, const std::string& v) -> Status {
    o.db.host = v;
    return ok_status();
  };
  m["--db-socket"] = [](SimOptions& o, const std::string& v) -> Status {
    o.db.socket = v;
    return ok_status();
  };
  m["--schema"] = [](SimOptions& o, const std::string& v) -> Status {
    o.db.schema_file = v;
    return ok_status();
  };
  m["--db-user"] = [](SimOptions& o, const std::string& v) -> Status {
    o.db.user = v;
    return ok_status();
  };
  m["--db-name"] = [](SimOptions& o, const std::string& v) -> Status {
    o.db.database = v;
    return ok_status();
  };
  m["--db-port"] = [](SimOptions& o, const std::string& v) -> Status {
    auto n = number<int>("--db-port", v, 1, 65535);
    if (!n) return n.error();
    o.db.port = *n;
    return ok_status();
  };
  return m;
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
  const auto table = setters();
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "-h" || a == "--help") {
      o.help = true;
      continue;
    }
    if (a == "--car-asleep") {
      o.car_asleep = true;
      continue;
    }
    if (a == "--no-db") {
      o.use_db = false;
      continue;
    }
    if (a == "--create-tables") {
      o.db.create_tables = true;
      continue;
    }
    const auto eq = a.find('=');
    const std::string flag = a.substr(0, eq);
    const auto it = table.find(flag);
    if (it == table.end()) return Error{"unknown option '" + a + "' (see --help)"};
    std::string value;
    if (eq != std::string::npos) {
      value = a.substr(eq + 1);
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      return Error{flag + ": missing value"};
    }
    if (auto s = it->second(o, value); !s) return s.error();
  }
  if (o.start.empty()) o.start = default_start(o.dataset);
  return o;
}

std::string sim_usage() {
  return R"(p15-sim: a simulated home (solar, Powerwall, Tesla) for Project 15th Street.
Writes collector rows into battery_model/vehicle_model and serves a fake Tesla Fleet API.

  --speed N              simulated seconds per real second (60 = an hour a minute) [60]
  --tick-s S             simulated seconds between collector rows [30]
  --dataset opsd|ausgrid household data [opsd]
  --start YYYY-MM-DDTHH:MM  simulated start, the dataset's wall clock, replayed in Pacific time
                         [opsd 2016-06-01T00:00, ausgrid 2011-12-01T00:00]
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
  --no-db                write no rows (models and fake API only)
  --pv-scale X --load-scale X  scale the data [opsd 1, ausgrid 7/1.04; loads 1]
  --car-soc P --charge-limit P --powerwall-soc P --reserve P  initial state [50 90 50 20]
  --off-grid-reserve P   site_info's off_grid_vehicle_charging_reserve_percent in live-status
                         rows (the simulated grid never fails) [20]
  --vin VIN              [5YJ3E1EA1KF000001]
  --log-level L          trace|debug|info|warn|error [info]
)";
}

}  // namespace p15::sim
