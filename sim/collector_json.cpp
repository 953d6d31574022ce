#include "sim/collector_json.h"

#include <cpprest/json.h>

#include <cmath>

#include "collector/row_json.h"
#include "sim/json_number.h"
#include "sim/sim_time.h"

namespace p15::sim {

namespace {

using web::json::value;

void put_flows(value& v, const HomeFlows& f) {
  v["solar_power"] = rounded(f.solar_w, 1);
  v["load_power"] = rounded(f.load_w, 1);
  v["battery_power"] = rounded(f.battery_w, 1);
  v["grid_power"] = rounded(f.grid_w, 1);
  v["generator_power"] = rounded(f.generator_w, 1);
}

// TeslaPy's get_battery_data, as the original service read it (before 2023).
std::string legacy_json(const PowerwallParams& p, const PowerwallState& s, const HomeFlows& f,
                        const std::string& stamp) {
  value v;
  v["energy_left"] = rounded(s.energy_left_wh, 1);
  v["total_pack_energy"] = rounded(p.capacity_wh, 0);
  v["percentage_charged"] = rounded(percentage_charged(p, s), 2);
  v["grid_status"] = value::string("Active");
  v["battery_power"] = rounded(f.battery_w, 1);
  value backup;
  backup["backup_reserve_percent"] = rounded(p.backup_reserve_percent, 1);
  v["backup"] = backup;
  value reading;
  reading["timestamp"] = value::string(stamp);
  put_flows(reading, f);
  v["power_reading"] = value::array({reading});
  return v.serialize();
}

// Fleet's charge_state object, as vehicle_data answers it and the rows carry it.
value charge_state_value(const CarParams& p, const CarState& s, TimePoint at) {
  const bool plugged = plugged_in(s);
  value cs;
  cs["charging_state"] = value::string(to_string(s.charging_state));
  cs["charger_actual_current"] =
      value::number(static_cast<int>(std::lround(s.charger_actual_current)));
  cs["charge_current_request"] = value::number(s.charge_current_request);
  cs["charge_current_request_max"] = value::number(charge_current_request_max(p));
  cs["charger_voltage"] = value::number(plugged ? static_cast<int>(std::lround(p.voltage_v)) : 0);
  cs["charger_phases"] = value::number(plugged ? 1 : 0);
  cs["charger_power"] = value::number(static_cast<int>(std::lround(charger_power_kw(p, s))));
  cs["battery_level"] = value::number(reported_battery_level(s));
  cs["battery_range"] = rounded(battery_range_mi(p, s), 2);
  cs["charge_limit_soc"] = rounded(s.charge_limit_soc, 0);
  cs["minutes_to_full_charge"] =
      value::number(static_cast<int>(std::lround(minutes_to_full_charge(p, s))));
  cs["charge_energy_added"] = rounded(s.charge_energy_added_kwh, 2);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch());
  cs["timestamp"] = value::number(static_cast<int64_t>(ms.count()));
  return cs;
}

}  // namespace

int reported_battery_level(const CarState& s) {
  return static_cast<int>(std::lround(s.battery_level));
}

bool plugged_in(const CarState& s) { return s.charging_state != ChargingState::Disconnected; }

std::string powerwall_json(PowerwallShape shape, const PowerwallParams& p, const PowerwallState& s,
                           const HomeFlows& f, const LocalZone& zone, TimePoint at) {
  const std::string stamp = format_local_iso(zone, at);
  if (shape == PowerwallShape::Legacy) return legacy_json(p, s, f, stamp);
  value v;
  put_flows(v, f);
  v["grid_status"] = value::string("Active");
  v["island_status"] = value::string("on_grid");
  v["timestamp"] = value::string(stamp);
  // What the collector merges from site_info.
  v["backup_reserve_percent"] = rounded(p.backup_reserve_percent, 1);
  v["default_real_mode"] = value::string("self_consumption");
  if (shape == PowerwallShape::Current) {
    v["energy_left"] = rounded(s.energy_left_wh, 1);
    v["total_pack_energy"] = rounded(p.capacity_wh, 0);
    v["percentage_charged"] = rounded(percentage_charged(p, s), 2);
    return v.serialize();
  }
  // Today's live_status (domain.md 3), written by the collector's own row module: the percentage
  // is the only state of charge, unrounded as Tesla sends it, so the service's energy
  // (percentage x nameplate_energy) is the model's.
  collector::PowerwallLive live{
      f.solar_w, f.load_w,  f.battery_w, f.grid_w, f.generator_w, percentage_charged(p, s),
      "Active",  "on_grid", false,       at,       stamp};
  collector::SiteInfo site;
  site.backup_reserve_percent = p.backup_reserve_percent;
  site.nameplate_energy_wh = std::round(p.capacity_wh);
  site.off_grid_vehicle_charging_reserve_percent =
      std::round(p.off_grid_vehicle_charging_reserve_percent);
  site.read_at = at;
  return collector::battery_row_json(live, site, at);
}

std::string vehicle_row(const CarParams& params, const CarState& state, const std::string& vin,
                        TimePoint at) {
  collector::VehicleRow row;
  row.vin = vin;
  row.state = vehicle_state_from_string(to_string(state.presence));
  row.charge_state = collector::ChargeStateRead{charge_state_value(params, state, at).serialize(),
                                                state.charging_state, at};
  return collector::vehicle_row_json(row, at);
}

std::string vehicle_json(const CarParams& p, const CarState& s, const std::string& vin,
                         TimePoint at) {
  value v;
  v["state"] = value::string(to_string(s.presence));
  v["vin"] = value::string(vin);
  v["charge_state"] = charge_state_value(p, s, at);
  return v.serialize();
}

}  // namespace p15::sim
