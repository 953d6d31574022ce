#include "sim/energy_site_front.h"

#include <cpprest/json.h>

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
       {"backup_reserve_percent", value::number(s.home.reserve_percent)},
       {"default_real_mode", value::string(s.home.mode)},
       {"installation_date", value::string("2020-01-01T00:00:00-08:00")},
       {"nameplate_energy", value::number(s.home.capacity_wh)},
       {"nameplate_power", value::number(5000)},
       {"off_grid_vehicle_charging_reserve_percent", value::number(s.off_grid_reserve_percent)},
       {"battery_count", value::number(1)},
       {"version", value::string("24.12.1")},
       {"components", value::object({{"solar", value::boolean(true)},
                                     {"battery", value::boolean(true)},
                                     {"grid", value::boolean(true)}})}});
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

}  // namespace

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
