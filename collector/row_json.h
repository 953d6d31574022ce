#pragma once
// The two rows' JSON as p15-collector writes them (domain.md sections 3-4): the one module that
// the collector and the simulator's direct-rows mode share, so the service parses one shape.
//
// battery_model.data: today's live_status, flat (solar_power, load_power, battery_power,
// grid_power, generator_power, percentage_charged, grid_status, island_status,
// storm_mode_active, timestamp as local ISO-8601), merged with site_info (backup_reserve_percent,
// default_real_mode, nameplate_energy, off_grid_vehicle_charging_reserve_percent), plus
// "source" ("gateway", "fleet") and "age_s": how old the reading was when the row was written.
//
// vehicle_model.data: {"state", "vin", "charge_state": {Tesla's object}, "charge_state_age_s",
// "wall_connector": {vehicle_connected, contactor_closed, vehicle_current_a, grid_v, session_s,
// "age_s"}}. An asleep car's row has "state": "asleep", the last charge state read, and its age.
#include <optional>
#include <string>

#include "collector/sources.h"
#include "service/core/tariff.h"

namespace p15::collector {

std::string battery_row_json(const PowerwallLive& live, const PowerwallSite& site,
                             const std::string& source, const LocalZone& zone, TimePoint written);

struct VehicleRow {
  std::string vin;
  VehicleState state = VehicleState::Unknown;
  std::optional<ChargeStateRead> charge_state;  // the last read, however old
  std::optional<WallConnectorVitals> wall_connector;
};

std::string vehicle_row_json(const VehicleRow& row, TimePoint written);

}  // namespace p15::collector
