#include "sim/collector_readings.h"

#include <cmath>

#include "sim/collector_json.h"

namespace p15::sim {

PowerwallReading powerwall_reading(const PowerwallParams& params, const PowerwallState& state,
                                   const HomeFlows& f) {
  return PowerwallReading{.solar_w = f.solar_w,
                          .load_w = f.load_w,
                          .battery_w = f.battery_w,
                          .grid_w = f.grid_w,
                          .generator_w = f.generator_w,
                          .energy_left_wh = state.energy_left_wh,
                          .total_pack_energy_wh = params.capacity_wh,
                          .percentage_charged = percentage_charged(params, state),
                          .backup_reserve_percent = params.backup_reserve_percent,
                          .grid_status = "Active",
                          .island_status = std::nullopt,  // as the replay always had them
                          .off_grid_vehicle_charging_reserve_percent = std::nullopt};
}

void fill_vehicle_reading(const CarParams& p, const CarState& car, VehicleReading& v) {
  const bool plugged = plugged_in(car);
  v.state = vehicle_state_from_string(to_string(car.presence));
  v.charging_state = car.charging_state;
  v.charger_actual_current = static_cast<int>(std::lround(car.charger_actual_current));
  v.charge_current_request = car.charge_current_request;
  v.charge_current_request_max = charge_current_request_max(p);
  v.charger_voltage = plugged ? static_cast<int>(std::lround(p.voltage_v)) : 0;
  v.charger_phases = plugged ? 1 : 0;
  v.charger_power_kw = charger_power_kw(p, car);
  v.battery_level = reported_battery_level(car);
  v.battery_range_mi = battery_range_mi(p, car);
  v.charge_limit_soc = car.charge_limit_soc;
  v.charge_energy_added_kwh = car.charge_energy_added_kwh;
}

}  // namespace p15::sim
