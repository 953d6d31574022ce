// From the validated Config to the core's settings structs: the one place where config keys
// meet SmartSettings and LedgerSettings, so the policy never reads the config itself.
#include "service/config/config.h"
#include "service/core/smart_settings.h"
#include "service/core/time_text.h"

namespace p15 {

const std::vector<std::string>& tariff_names() {
  static const std::vector<std::string> names = {"flat", "tou-nbt", "file"};
  return names;
}

PolicySettings policy_settings(const Config& c) {
  PolicySettings p;
  p.min_amps = c.policy.min_amps;
  SmartSettings& s = p.smart;
  const SmartConfig& k = c.smart;
  // Validated by load_config: the mode is one of charge_mode_names(), departure HH:MM or "".
  s.mode = charge_mode_from_string(k.mode).value_or(s.mode);
  s.min_amps = c.policy.min_amps;
  s.start_delay = Seconds{k.start_delay_s};
  s.stop_delay = Seconds{k.stop_delay_s};
  s.min_amps_change = k.min_amps_change;
  s.min_change_interval = Seconds{k.min_change_interval_s};
  s.smoothing = Seconds{k.smoothing_s};
  s.floor_margin_wh = k.floor_margin_wh;
  s.powerwall_max_discharge_w = k.powerwall_max_discharge_w;
  s.car_battery_kwh = k.car_battery_kwh;
  s.charger_efficiency = k.charger_efficiency;
  s.target_soc = k.target_soc;
  s.departure_local = k.departure.empty() ? std::nullopt : parse_time_of_day(k.departure);
  s.tariff = c.tariff.loaded;
  p.planner.replan = Seconds{c.planner.replan_s};
  p.planner.car = planner_car_from_string(c.planner.car).value_or(PlannerCar::Smart);
  p.planner.steer_powerwall = c.powerwall.steer;
  p.planner.max_settings_per_day = c.powerwall.max_settings_per_day;
  if (c.powerwall.backup_reserve_percent >= 0) {
    p.planner.owner_reserve_percent = c.powerwall.backup_reserve_percent;
  }
  // -1 (the default) leaves it unset: no car charging from the Powerwall in an outage.
  if (c.powerwall.off_grid_vehicle_charging_reserve_percent >= 0) {
    p.off_grid_vehicle_charging_reserve_percent =
        c.powerwall.off_grid_vehicle_charging_reserve_percent;
  }
  return p;
}

LedgerSettings ledger_settings(const Config& c) {
  LedgerSettings s;
  s.tariff = c.tariff.loaded;
  s.powerwall_round_trip_efficiency = c.savings.powerwall_round_trip_efficiency;
  s.max_gap = Seconds{c.savings.max_gap_s};
  const SmartSettings smart;  // the same fallbacks as the policy's when the car omits a field
  s.default_voltage_v = smart.default_voltage_v;
  s.default_max_amps = smart.default_max_amps;
  return s;
}

}  // namespace p15
