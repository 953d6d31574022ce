// The checks that involve more than one key, and secrets kept in files (e.g. Docker secrets).
// Single-key types and ranges are enforced by the field table in config.cpp.
#include <arpa/inet.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "service/config/config.h"
#include "service/config/tariff_file.h"
#include "service/config/time_zones.h"
#include "service/core/time_text.h"

namespace p15 {

bool is_loopback_address(const std::string& address) {
  if (address == "localhost") return true;
  std::string a = address;
  if (a.size() > 2 && a.front() == '[' && a.back() == ']') a = a.substr(1, a.size() - 2);
  in_addr v4{};
  if (inet_pton(AF_INET, a.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  return inet_pton(AF_INET6, a.c_str(), &v6) == 1 && IN6_IS_ADDR_LOOPBACK(&v6);
}

}  // namespace p15

namespace p15::config_detail {
namespace {

Status fail(const Config& c, const std::string& key, const std::string& why) {
  return Error{c.source + ": " + key + ": " + why};
}

// Secret files usually end in a newline that is not part of the secret.
void strip_trailing_space(std::string& s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
}

// The messages name the key and the path, never the content.
Status read_secret(const Config& c, const std::string& value_key, const std::string& file_key,
                   const std::string& path, std::string& value) {
  if (path.empty()) return ok_status();
  if (!value.empty()) {
    return fail(c, file_key, "set either " + value_key + " or " + file_key + ", not both");
  }
  // The error_code form: a path the OS refuses (too long, a loop) is reported below by the open,
  // where the throwing form ended the process.
  std::error_code ignored;
  if (std::filesystem::is_directory(path, ignored)) {
    return fail(c, file_key, "cannot read \"" + path + "\": is a directory");
  }
  std::ifstream in(path);
  if (!in) {
    int err = errno;
    return fail(c, file_key, "cannot read \"" + path + "\": " + std::strerror(err));
  }
  std::stringstream text;
  text << in.rdbuf();
  std::string secret = text.str();
  strip_trailing_space(secret);
  if (secret.empty()) return fail(c, file_key, "\"" + path + "\" is empty");
  value = std::move(secret);
  return ok_status();
}

bool has_prefix(const std::string& s, const std::string& prefix) {
  return s.size() > prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

// The URL itself is not echoed: it may carry credentials (https://user:pass@host).
Status check_url(const Config& c, const std::string& key, std::string& url) {
  if (url.empty()) return ok_status();
  if (!has_prefix(url, "http://") && !has_prefix(url, "https://")) {
    return fail(c, key, "must start with http:// or https://");
  }
  // Clients append "/api/..." paths; a trailing slash would double it. Only the slashes after
  // the scheme go: "http:///" must not turn into "http:".
  const std::size_t scheme = has_prefix(url, "https://") ? 8 : 7;
  while (url.size() > scheme && url.back() == '/') url.pop_back();
  if (url.size() == scheme) return fail(c, key, "must name a host after http:// or https://");
  return ok_status();
}

Status require(const Config& c, const std::string& key, const std::string& value,
               const std::string& why) {
  return value.empty() ? fail(c, key, "required " + why) : ok_status();
}

// Anyone who reaches a non-loopback port could command the car: such a bind needs the token.
Status check_api_token(const Config& c) {
  const std::string& token = c.service.api_token;
  for (char ch : token) {
    // RFC 6750's token is visible ASCII; anything else could not be sent in the header as is.
    if (ch < 0x21 || ch > 0x7e) {
      return fail(c, "service.api_token",
                  "must be printable ASCII without spaces (e.g. openssl rand -hex 32)");
    }
  }
  if (token.empty() && !is_loopback_address(c.service.bind_address)) {
    return fail(c, "service.bind_address",
                "\"" + c.service.bind_address +
                    "\" is not a loopback address and no token is set: anyone who reaches the "
                    "port could command the car; set " +
                    config_env_var("service.api_token") +
                    " or service.api_token_file, or bind to 127.0.0.1");
  }
  return ok_status();
}

Status check_service(Config& c) {
  std::string& root = c.service.application_root;
  if (root.empty() || root[0] != '/') {
    return fail(c, "service.application_root", "must start with '/', got \"" + root + "\"");
  }
  if (root.find_first_of(" \t?#") != std::string::npos) {
    return fail(c, "service.application_root", "must be a plain path, got \"" + root + "\"");
  }
  // "/" becomes "" (serve at the top); "/x/" becomes "/x" so routes join as root + "/path".
  while (!root.empty() && root.back() == '/') root.pop_back();
  if (c.service.bind_address.empty()) {
    return fail(c, "service.bind_address", "must not be empty");
  }
  return check_api_token(c);
}

Status check_database(const Config& c) {
  const auto& db = c.database;
  if (db.host.empty() && db.socket.empty()) {
    return fail(c, "database.host", "must not be empty unless database.socket is set");
  }
  if (db.user.empty()) return fail(c, "database.user", "must not be empty");
  if (db.name.empty()) return fail(c, "database.name", "must not be empty");
  if (auto zone = row_time_zone(db.row_time_zone); !zone) {
    return fail(c, "database.row_time_zone", zone.error().message);
  }
  return ok_status();
}

Status check_vehicle(Config& c) {
  auto& v = c.vehicle;
  if (auto st = check_url(c, "vehicle.fleet_base_url", v.fleet_base_url); !st) return st;
  if (auto st = check_url(c, "vehicle.companion_base_url", v.companion_base_url); !st) return st;
  if (auto st = check_url(c, "vehicle.fleet_auth_url", v.fleet_auth_url); !st) return st;
  if (v.adapter == "fleet") {
    const std::string why = "when vehicle.adapter is fleet";
    if (auto st = require(c, "vehicle.vin", v.vin, why); !st) return st;
    if (auto st = require(c, "vehicle.fleet_base_url", v.fleet_base_url, why); !st) return st;
    if (v.fleet_token.empty() && v.transport != "ble") {
      return fail(c, "vehicle.fleet_token",
                  "required " + why + " (set " + config_env_var("vehicle.fleet_token") +
                      " or vehicle.fleet_token_file)");
    }
    if (!v.fleet_client_id.empty()) {
      const std::string refresh = "when vehicle.fleet_client_id is set (the token is refreshed)";
      if (auto st =
              require(c, "vehicle.fleet_refresh_token_file", v.fleet_refresh_token_file, refresh);
          !st) {
        return st;
      }
      if (auto st = require(c, "vehicle.fleet_auth_url", v.fleet_auth_url, refresh); !st) {
        return st;
      }
    }
  } else if (v.adapter == "companion") {
    const std::string why = "when vehicle.adapter is companion";
    if (auto st = require(c, "vehicle.companion_base_url", v.companion_base_url, why); !st) {
      return st;
    }
  }
  return ok_status();
}

Status check_clock(Config& c) {
  if (auto st = check_url(c, "clock.simulator_url", c.clock.simulator_url); !st) return st;
  if (c.clock.source == "simulator") {
    return require(c, "clock.simulator_url", c.clock.simulator_url,
                   "when clock.source is simulator (p15-sim's --http-port, e.g. "
                   "http://127.0.0.1:8090)");
  }
  return ok_status();
}

Status check_smart(const Config& c) {
  const std::string& dep = c.smart.departure;
  if (!dep.empty() && !parse_time_of_day(dep)) {
    return fail(c, "smart.departure", "expected HH:MM (00:00..23:59) or \"\", got \"" + dep + "\"");
  }
  return ok_status();
}

Status check_tariff_keys(const Config& c) {
  const TariffConfig& t = c.tariff;
  if (t.name != "file" && !t.file.empty()) {
    return fail(c, "tariff.file",
                "is set but tariff.name is " + t.name + " (set tariff.name: file to use it)");
  }
  if (t.name == "file" && t.file.empty()) {
    return fail(c, "tariff.file", "required when tariff.name is file");
  }
  // tou-nbt is PG&E's (Pacific); a tariff file names its own zone.
  if (t.name != "flat" && t.zone != "us-pacific") {
    return fail(c, "tariff.zone",
                "applies to tariff.name flat only (tou-nbt is Pacific; a "
                "tariff file sets its own zone:), got " +
                    t.zone);
  }
  return ok_status();
}

Status check_collector(Config& c) {
  auto& k = c.collector;
  if (k.bind_address.empty()) return fail(c, "collector.bind_address", "must not be empty");
  if (auto st = check_url(c, "collector.url", k.url); !st) return st;
  if (auto st = check_url(c, "collector.gateway_url", k.gateway_url); !st) return st;
  if (auto st = check_url(c, "collector.wall_connector_url", k.wall_connector_url); !st) return st;
  for (char ch : k.energy_site_id) {
    if (!std::isdigit(static_cast<unsigned char>(ch))) {
      return fail(c, "collector.energy_site_id",
                  "must be the site's number from GET /api/1/products, or \"\" to look it up");
    }
  }
  return ok_status();
}

}  // namespace

Status resolve_tariff(Config& c) {
  if (auto st = check_tariff_keys(c); !st) return st;
  TariffConfig& t = c.tariff;
  if (t.name == "flat") {
    auto flat = load_flat_tariff(t.import_per_kwh, t.export_per_kwh, t.zone);
    if (!flat) return fail(c, "tariff.zone", flat.error().message);
    t.loaded = std::move(flat).value();
    return ok_status();
  }
  if (t.name == "tou-nbt") {
    auto tariff = load_tou_nbt_tariff(t.nbt_export_file);
    if (!tariff) {
      return fail(
          c, "tariff.nbt_export_file",
          "the PG&E NBT export values that tariff.name tou-nbt needs: " + tariff.error().message +
              " (set tariff.nbt_export_file or " + config_env_var("tariff.nbt_export_file") + ")");
    }
    t.loaded = std::move(tariff).value();
    return ok_status();
  }
  auto tariff = load_tariff_file(t.file);
  if (!tariff) return fail(c, "tariff.file", tariff.error().message);
  t.loaded = std::move(tariff).value();
  return ok_status();
}

Status resolve_secrets(Config& c) {
  auto& db = c.database;
  if (auto st = read_secret(c, "database.password", "database.password_file", db.password_file,
                            db.password);
      !st) {
    return st;
  }
  auto& v = c.vehicle;
  if (auto st = read_secret(c, "vehicle.fleet_token", "vehicle.fleet_token_file",
                            v.fleet_token_file, v.fleet_token);
      !st) {
    return st;
  }
  auto& k = c.collector;
  if (auto st = read_secret(c, "collector.gateway_password", "collector.gateway_password_file",
                            k.gateway_password_file, k.gateway_password);
      !st) {
    return st;
  }
  auto& n = c.notifications;
  if (auto st = read_secret(c, "notifications.webhook_url", "notifications.webhook_url_file",
                            n.webhook_url_file, n.webhook_url);
      !st) {
    return st;
  }
  auto& s = c.service;
  return read_secret(c, "service.api_token", "service.api_token_file", s.api_token_file,
                     s.api_token);
}

// Steering the site needs the plan that asks for settings and a Fleet account that carries them.
Status check_powerwall(const Config& c) {
  if (!c.powerwall.steer) return ok_status();
  if (c.policy.name != "planner") {
    return fail(c, "powerwall.steer",
                "needs policy.name: planner (only the planner asks for settings)");
  }
  if (c.vehicle.adapter != "fleet" || c.vehicle.transport != "fleet") {
    return fail(c, "powerwall.steer",
                "needs vehicle.adapter: fleet with vehicle.transport: fleet (the energy site's "
                "settings go through the Fleet API)");
  }
  return ok_status();
}

// The URL may come from a file: the error names that key and path, never the URL.
Status check_notifications(Config& c) {
  auto& n = c.notifications;
  const std::string key = n.webhook_url_file.empty()
                              ? std::string("notifications.webhook_url")
                              : "notifications.webhook_url_file (\"" + n.webhook_url_file + "\")";
  if (n.webhook_url.find_first_of(" \t\r\n") != std::string::npos) {
    return fail(c, key, "the webhook URL must not contain spaces or line breaks");
  }
  return check_url(c, key, n.webhook_url);
}

Status check_rules(Config& c) {
  if (auto st = check_notifications(c); !st) return st;
  if (auto st = check_service(c); !st) return st;
  if (auto st = check_database(c); !st) return st;
  if (auto st = check_smart(c); !st) return st;
  if (auto st = check_vehicle(c); !st) return st;
  if (auto st = check_collector(c); !st) return st;
  if (auto st = check_powerwall(c); !st) return st;
  return check_clock(c);
}

}  // namespace p15::config_detail
