#include "collector/row_json.h"

#include <cpprest/json.h>

#include <cmath>

#include "service/core/time_text.h"

namespace p15::collector {
namespace {

using web::json::value;

// Whole seconds, never negative: a part read "after" the write is a clock hiccup, not news.
value age_of(TimePoint read_at, TimePoint written_at) {
  const long long s = std::max<long long>(0, (written_at - read_at).count());
  return value::number(static_cast<int64_t>(s));
}

// Tesla sends watts with at most one decimal; the gateway's floats carry noise below that.
value watts(double w) { return value::number(std::round(w * 10.0) / 10.0); }

value vitals_json(const WallConnectorRead& wc, TimePoint written_at) {
  value v;
  v["vehicle_connected"] = value::boolean(wc.vehicle_connected);
  v["contactor_closed"] = value::boolean(wc.contactor_closed);
  v["vehicle_current_a"] = value::number(wc.vehicle_current_a);
  v["grid_v"] = value::number(wc.grid_v);
  v["session_s"] = value::number(static_cast<int64_t>(wc.session_s));
  v["age_s"] = age_of(wc.read_at, written_at);
  return v;
}

}  // namespace

std::string battery_row_json(const PowerwallLive& live, const SiteInfo& site,
                             TimePoint written_at) {
  value v;
  v["solar_power"] = watts(live.solar_w);
  v["load_power"] = watts(live.load_w);
  v["battery_power"] = watts(live.battery_w);
  v["grid_power"] = watts(live.grid_w);
  v["generator_power"] = watts(live.generator_w);
  v["percentage_charged"] = value::number(live.percentage_charged);
  v["grid_status"] = value::string(live.grid_status);
  v["island_status"] = value::string(live.island_status);
  v["storm_mode_active"] = value::boolean(live.storm_mode_active);
  v["timestamp"] =
      value::string(live.timestamp.empty() ? format_utc(live.read_at) : live.timestamp);
  v["backup_reserve_percent"] = value::number(site.backup_reserve_percent);
  v["default_real_mode"] = value::string(site.default_real_mode);
  if (site.nameplate_energy_wh) v["nameplate_energy"] = value::number(*site.nameplate_energy_wh);
  if (site.off_grid_vehicle_charging_reserve_percent) {
    v["off_grid_vehicle_charging_reserve_percent"] =
        value::number(*site.off_grid_vehicle_charging_reserve_percent);
  }
  v["age_s"] = age_of(live.read_at, written_at);
  return v.serialize();
}

std::string vehicle_row_json(const VehicleRow& row, TimePoint written_at) {
  value v;
  v["state"] = value::string(to_string(row.state));
  v["vin"] = value::string(row.vin);
  if (row.charge_state) {
    v["charge_state"] = value::parse(row.charge_state->charge_state_json);
    v["charge_state_age_s"] = age_of(row.charge_state->read_at, written_at);
  }
  if (row.wall_connector) v["wall_connector"] = vitals_json(*row.wall_connector, written_at);
  return v.serialize();
}

}  // namespace p15::collector
