#include "collector/fleet_sources.h"

#include <cpprest/json.h>

namespace p15::collector {
namespace {

using web::json::value;

Result<value> parse(const std::string& text, const std::string& what) {
  try {
    value v = value::parse(text);
    if (v.is_object()) return v;
  } catch (const std::exception&) {
  }
  return Error{what + ": not a JSON object"};
}

Result<double> number(const value& v, const char* key, const std::string& what) {
  if (!v.has_field(key) || !v.at(key).is_number()) {
    return Error{what + ": no number \"" + key + "\""};
  }
  return v.at(key).as_double();
}

std::string text_or(const value& v, const char* key, const std::string& fallback) {
  return v.has_field(key) && v.at(key).is_string() ? v.at(key).as_string() : fallback;
}

std::optional<double> optional_number(const value& v, const char* key) {
  if (!v.has_field(key) || !v.at(key).is_number()) return std::nullopt;
  return v.at(key).as_double();
}

}  // namespace

Result<PowerwallLive> parse_live_status(const std::string& response, TimePoint read_at) {
  const std::string what = "live_status";
  auto v = parse(response, what);
  if (!v) return v.error();
  PowerwallLive l;
  l.read_at = read_at;
  struct Field {
    const char* key;
    double* to;
  } fields[] = {{"solar_power", &l.solar_w},
                {"load_power", &l.load_w},
                {"battery_power", &l.battery_w},
                {"grid_power", &l.grid_w},
                {"percentage_charged", &l.percentage_charged}};
  for (const auto& f : fields) {
    auto n = number(*v, f.key, what);
    if (!n) return n.error();
    *f.to = *n;
  }
  l.generator_w = optional_number(*v, "generator_power").value_or(0);
  l.grid_status = text_or(*v, "grid_status", l.grid_status);
  l.island_status = text_or(*v, "island_status", l.island_status);
  l.timestamp = text_or(*v, "timestamp", "");
  l.storm_mode_active = v->has_field("storm_mode_active") &&
                        v->at("storm_mode_active").is_boolean() &&
                        v->at("storm_mode_active").as_bool();
  return l;
}

Result<SiteInfo> parse_site_info(const std::string& response, TimePoint read_at) {
  const std::string what = "site_info";
  auto v = parse(response, what);
  if (!v) return v.error();
  SiteInfo s;
  s.read_at = read_at;
  auto reserve = number(*v, "backup_reserve_percent", what);
  if (!reserve) return reserve.error();
  s.backup_reserve_percent = *reserve;
  s.default_real_mode = text_or(*v, "default_real_mode", s.default_real_mode);
  s.nameplate_energy_wh = optional_number(*v, "nameplate_energy");
  s.off_grid_vehicle_charging_reserve_percent =
      optional_number(*v, "off_grid_vehicle_charging_reserve_percent");
  return s;
}

Result<ChargeStateRead> parse_charge_state(const std::string& response, TimePoint read_at) {
  const std::string what = "vehicle_data";
  auto v = parse(response, what);
  if (!v) return v.error();
  if (!v->has_field("charge_state") || !v->at("charge_state").is_object()) {
    return Error{what + ": no \"charge_state\" object (endpoints=charge_state)"};
  }
  const value& cs = v->at("charge_state");
  const auto state = charging_state_from_string(text_or(cs, "charging_state", ""));
  if (!state) return Error{what + ": charge_state.charging_state is not one Tesla documents"};
  return ChargeStateRead{cs.serialize(), *state, read_at};
}

FleetCloud::FleetCloud(std::shared_ptr<FleetClient> client, std::string vin,
                       std::string energy_site_id, std::function<TimePoint()> real_now)
    : client_(std::move(client)),
      vin_(std::move(vin)),
      site_id_(std::move(energy_site_id)),
      real_now_(std::move(real_now)) {}

FleetCloud::~FleetCloud() = default;

Result<std::string> FleetCloud::response(const std::string& path, TeslaCategory category) {
  std::string body;
  const ClientResponse r = client_->get(path, category, body);
  last_asleep_ = r.outcome == Outcome::Asleep;
  retry_after_.reset();
  if (r.outcome == Outcome::RateLimited) retry_after_ = r.retry_after;
  if (r.outcome != Outcome::Done) {
    const bool passes = r.outcome != Outcome::Forbidden && r.outcome != Outcome::Rejected;
    return Error{"Tesla " + path + ": " + to_string(r.outcome) + " (HTTP " +
                     std::to_string(r.http_status) + "): " + r.reason,
                 passes ? ErrorKind::Unavailable : ErrorKind::Invalid};
  }
  auto v = parse(body, "Tesla " + path);
  if (!v) return v.error();
  if (!v->has_field("response")) return Error{"Tesla " + path + ": no \"response\""};
  return v->at("response").serialize();
}

Result<std::string> FleetCloud::site_id() {
  if (!site_id_.empty()) return site_id_;
  auto products = response("/api/1/products", TeslaCategory::Data);
  if (!products) return products.error();
  auto id = energy_site_from_products(*products);
  if (id) site_id_ = *id;
  return id;
}

Result<PowerwallLive> FleetPowerwall::live() {
  auto id = cloud_.site_id();
  if (!id) return id.error();
  auto r =
      cloud_.response("/api/1/energy_sites/" + *id + "/live_status", TeslaCategory::EnergyData);
  if (!r) return r.error();
  return parse_live_status(*r, cloud_.real_now());
}

Result<SiteInfo> FleetPowerwall::site() {
  auto id = cloud_.site_id();
  if (!id) return id.error();
  auto r = cloud_.response("/api/1/energy_sites/" + *id + "/site_info", TeslaCategory::EnergyData);
  if (!r) return r.error();
  return parse_site_info(*r, cloud_.real_now());
}

Result<VehicleState> FleetVehicle::summary() {
  auto r = cloud_.response("/api/1/vehicles/" + cloud_.vin(), TeslaCategory::Data);
  if (!r) return r.error();
  auto v = parse(*r, "vehicle");
  if (!v) return v.error();
  return vehicle_state_from_string(text_or(*v, "state", ""));
}

Result<VehicleDataRead> FleetVehicle::charge_state() {
  auto r =
      cloud_.response("/api/1/vehicles/" + cloud_.vin() + "/vehicle_data?endpoints=charge_state",
                      TeslaCategory::Data);
  if (!r) {
    if (cloud_.last_asleep()) return VehicleDataRead{VehicleState::Asleep, std::nullopt};
    return r.error();
  }
  auto cs = parse_charge_state(*r, cloud_.real_now());
  if (!cs) return cs.error();
  return VehicleDataRead{VehicleState::Online, *cs};
}

}  // namespace p15::collector
