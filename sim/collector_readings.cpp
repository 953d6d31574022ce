#include "sim/collector_readings.h"

#include <cmath>

#include "sim/collector_json.h"

namespace p15::sim {

PowerwallReading powerwall_reading(const PowerwallParams& params, const PowerwallState& state,
                                   const HomeFlows& f) {
  PowerwallReading pw;
  pw.solar_w = f.solar_w;
  pw.load_w = f.load_w;
  pw.battery_w = f.battery_w;
  pw.grid_w = f.grid_w;
  pw.generator_w = f.generator_w;
  pw.energy_left_wh = state.energy_left_wh;
  pw.total_pack_energy_wh = params.capacity_wh;
  pw.percentage_charged = percentage_charged(params, state);
  pw.backup_reserve_percent = params.backup_reserve_percent;
  pw.grid_status = "Active";
  return pw;
}

void fill_vehicle_reading(const CarParams& p, const CarState& car, VehicleReading& v) {
  const bool plugged = plugged_in(car);
  v.state = to_string(car.presence);
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
