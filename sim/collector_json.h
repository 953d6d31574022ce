#pragma once
// The rows a TeslaPy-based collector writes, built from the models' state (domain.md 3-4).
#include <string>

#include "service/core/tariff.h"
#include "service/core/types.h"
#include "sim/car_model.h"
#include "sim/home_model.h"

namespace p15::sim {

// battery_model.data as a collector writes it (domain.md 3; PowerwallShape in types.h):
//   LiveStatus  today's Fleet API live_status (solar/load/battery/grid/generator_power,
//               percentage_charged, grid_status, island_status, storm_mode_active, timestamp)
//               merged with site_info's backup_reserve_percent, default_real_mode,
//               nameplate_energy and off_grid_vehicle_charging_reserve_percent: no energy_left,
//               no total_pack_energy, as Tesla answers since March 2024;
//   Current     the same flat shape with energy_left and total_pack_energy, as before;
//   Legacy      TeslaPy's get_battery_data (power_reading[0], backup{}).
// The simulated grid never fails: grid_status "Active", island_status "on_grid". `at` is the
// simulated time, written as local ISO-8601.
std::string powerwall_json(PowerwallShape shape, const PowerwallParams& params,
                           const PowerwallState& state, const HomeFlows& flows,
                           const LocalZone& zone, TimePoint at);

// vehicle_model.data: Fleet API vehicle_data {state, vin, charge_state{...}}; charge_state's
// timestamp is the simulated time in ms. An asleep car reports "asleep" with the charge state
// the collector saw last.
std::string vehicle_json(const CarParams& params, const CarState& state, const std::string& vin,
                         TimePoint at);

// vehicle_model.data as p15-collector writes it (collector/row_json.h), from vehicle_json's
// charge_state: the simulator's --direct-rows mode.
std::string vehicle_row(const CarParams& params, const CarState& state, const std::string& vin,
                        TimePoint at);

// Tesla reports whole percent and whole kW; the models keep more.
int reported_battery_level(const CarState& state);
bool plugged_in(const CarState& state);

}  // namespace p15::sim
