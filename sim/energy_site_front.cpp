#include "sim/energy_site_front.h"

#include <cpprest/json.h>

#include <cmath>

#include "service/core/site_steward.h"

namespace p15::sim {
namespace {

using web::json::value;

TeslaAnswer answer(TeslaCategory category, const value& response) {
  value v;
  v["response"] = response;
  return TeslaAnswer{200, v.serialize(), {}, category, 200};
}

value live_status(const EnergySite& s) {
  const HomeFlows& f = s.home.flows;
  return value::object({{"solar_power", value::number(f.solar_w)},
                        {"percentage_charged", value::number(s.home.app_percent)},
                        {"backup_capable", value::boolean(true)},
                        {"battery_power", value::number(f.battery_w)},
                        {"load_power", value::number(f.load_w)},
                        {"grid_status", value::string("Active")},
                        {"grid_services_active", value::boolean(false)},
                        {"grid_power", value::number(f.grid_w)},
                        {"generator_power", value::number(f.generator_w)},
                        {"island_status", value::string("on_grid")},
                        {"storm_mode_active", value::boolean(false)},
                        {"timestamp", value::string(s.timestamp)},
                        {"wall_connectors", value::array()}});
}

value site_info(const EnergySite& s) {
  return value::object(
      {{"id", value::string("STE20240101-00001")},
       {"site_name", value::string(s.site_name)},
       {"backup_reserve_percent", value::number(s.settings.reserve_percent)},
       {"default_real_mode", value::string(to_wire(s.settings.mode))},
       {"installation_date", value::string("2020-01-01T00:00:00-08:00")},
       {"nameplate_energy", value::number(s.home.capacity_wh)},
       {"nameplate_power", value::number(5000)},
       {"off_grid_vehicle_charging_reserve_percent", value::number(s.off_grid_reserve_percent)},
       {"battery_count", value::number(1)},
       {"version", value::string("24.12.1")},
       // Where Home Assistant's tesla_fleet and Teslemetry integrations read the export rule
       // and grid charging (their switch and select entities).
       {"components", value::object({{"solar", value::boolean(true)},
                                     {"battery", value::boolean(true)},
                                     {"grid", value::boolean(true)},
                                     {"customer_preferred_export_rule",
                                      value::string(to_wire(s.settings.export_rule))},
                                     {"disallow_charge_from_grid_with_solar_installed",
                                      value::boolean(!s.settings.grid_charging)}})}});
}

value products(const EnergySite& s, const std::string& vehicle_json) {
  value site = value::object({{"energy_site_id", value::number(static_cast<int64_t>(s.id))},
                              {"resource_type", value::string("battery")},
                              {"site_name", value::string(s.site_name)},
                              {"id", value::string("STE20240101-00001")},
                              {"gateway_id", value::string("1152100-00-F--TG1234567890")},
                              {"percentage_charged", value::number(s.home.app_percent)},
                              {"battery_type", value::string("ac_powerwall")},
                              {"backup_capable", value::boolean(true)},
                              {"battery_power", value::number(s.home.flows.battery_w)},
                              {"storm_mode_enabled", value::boolean(false)}});
  return value::array({value::parse(vehicle_json), site});
}

TeslaAnswer not_found() {
  value v;
  v["response"] = value::null();
  v["error"] = value::string("not_found");
  v["error_description"] = value::string("");
  return TeslaAnswer{404, v.serialize(), {}, TeslaCategory::EnergyData, 404};
}

TeslaAnswer bad_request(const std::string& what) {
  value v;
  v["response"] = value::null();
  v["error"] = value::string(what);
  v["error_description"] = value::string("");
  return TeslaAnswer{400, v.serialize(), {}, TeslaCategory::EnergySettings, 400};
}

// The settings POST's answer as Fleet gives it (domain.md 6a).
TeslaAnswer updated(const std::string& message) {
  return answer(TeslaCategory::EnergySettings,
                value::object({{"code", value::number(201)}, {"message", value::string(message)}}));
}

std::optional<value> json_of(const std::string& body) {
  try {
    value v = value::parse(body);
    if (v.is_object()) return v;
  } catch (const std::exception&) {
  }
  return std::nullopt;
}

TeslaAnswer post_backup(const value& v, EnergySite& site) {
  if (!v.has_number_field("backup_reserve_percent"))
    return bad_request("invalid backup_reserve_percent");
  const double r = v.at("backup_reserve_percent").as_double();
  if (r < 0 || r > 100) return bad_request("invalid backup_reserve_percent");
  const long whole = std::lround(r);
  // The quirk answers like a success: only a read-back shows it.
  if (!(site.refuse_81_to_99 && whole >= 81 && whole <= 99)) site.settings.reserve_percent = whole;
  return updated("Updated");
}

TeslaAnswer post_operation(const value& v, EnergySite& site) {
  auto mode = v.has_string_field("default_real_mode")
                  ? operation_mode_from_wire(v.at("default_real_mode").as_string())
                  : std::nullopt;
  if (!mode) return bad_request("invalid default_real_mode");
  site.settings.mode = *mode;
  return updated("Updated");
}

TeslaAnswer post_grid(const value& v, EnergySite& site) {
  const char* const disallow = "disallow_charge_from_grid_with_solar_installed";
  const char* const rule = "customer_preferred_export_rule";
  if (v.has_field(disallow)) {
    if (!v.at(disallow).is_boolean()) return bad_request(std::string("invalid ") + disallow);
    site.settings.grid_charging = !v.at(disallow).as_bool();
  }
  if (v.has_field(rule)) {
    auto r = v.at(rule).is_string() ? export_rule_from_wire(v.at(rule).as_string()) : std::nullopt;
    if (!r) return bad_request(std::string("invalid ") + rule);
    site.settings.export_rule = *r;
  }
  return updated("Updated");
}

}  // namespace

SiteSettings effective_settings(const EnergySite& site) {
  SiteSettings s = site.settings;
  if (site.ignore_raised_reserve) {
    s.reserve_percent = std::min(s.reserve_percent, site.owner_reserve_percent);
  }
  return s;
}

std::optional<TeslaAnswer> energy_site_post(const std::string& path, const std::string& body,
                                            EnergySite& site) {
  const std::string prefix = "/api/1/energy_sites/" + std::to_string(site.id) + "/";
  if (path.rfind(prefix, 0) != 0) return std::nullopt;
  const std::string rest = path.substr(prefix.size());
  if (rest != "backup" && rest != "operation" && rest != "grid_import_export") return std::nullopt;
  auto v = json_of(body);
  if (!v) return bad_request("invalid JSON body");
  if (rest == "backup") return post_backup(*v, site);
  if (rest == "operation") return post_operation(*v, site);
  return post_grid(*v, site);
}

std::optional<TeslaAnswer> energy_site_answer(const std::string& path, const EnergySite& site,
                                              const std::string& vehicle_json) {
  // Tesla lists products under device data ("Data" in its pricing), not energy data.
  if (path == "/api/1/products") {
    TeslaAnswer a = answer(TeslaCategory::Data, products(site, vehicle_json));
    a.body =
        value::object({{"response", products(site, vehicle_json)}, {"count", value::number(2)}})
            .serialize();
    return a;
  }
  const std::string prefix = "/api/1/energy_sites/";
  if (path.rfind(prefix, 0) != 0) return std::nullopt;
  const std::string rest = path.substr(prefix.size());
  const std::string id = std::to_string(site.id);
  if (rest == id + "/live_status") return answer(TeslaCategory::EnergyData, live_status(site));
  if (rest == id + "/site_info") return answer(TeslaCategory::EnergyData, site_info(site));
  return not_found();
}

}  // namespace p15::sim
