#include "service/core/legacy_policy.h"

#include <algorithm>
#include <cmath>

namespace p15::legacy {

double python_floor_div(double a, double b) {
  double mod = std::fmod(a, b);
  double div = (a - mod) / b;
  if (mod != 0 && ((b < 0) != (mod < 0))) div -= 1.0;
  if (div == 0) return std::copysign(0.0, a / b);
  double floordiv = std::floor(div);
  if (div - floordiv > 0.5) floordiv += 1.0;
  return floordiv;
}

long long python_int(double x) { return static_cast<long long>(std::trunc(x)); }

int available_battery_w(const PowerwallReading& pw) {
  long long reserve_wh =
      python_int(pw.total_pack_energy_wh * pw.backup_reserve_percent / 100.0);
  // Strictly greater, as the original: exactly reserve + buffer leaves nothing for the car.
  return python_int(pw.energy_left_wh) > reserve_wh + kBufferWh ? kDischargeMaxW : 0;
}

int available_amps(const PowerwallReading& pw) {
  // The original's arithmetic, kept even though load already contains the car and grid sign
  // makes the sum odd: this is the reference the better policies are measured against.
  double watts = pw.solar_w + available_battery_w(pw) - pw.load_w - pw.grid_w;
  return static_cast<int>(python_floor_div(watts, kReceptacleV));
}

int charging_amps(const PowerwallReading& pw, const VehicleReading& car) {
  int max_amps = car.charge_current_request_max.value_or(kDefaultMaxAmps);
  return std::max(std::min(car.charger_actual_current + available_amps(pw), max_amps), 0);
}

ChargeIntent intent(const VehicleReading& car, int amps, int min_amps) {
  if (car.charging_state == ChargingState::Stopped && amps >= min_amps &&
      car.battery_range_mi < kStartBelowRangeMi) {
    return ChargeIntent::Start;
  }
  if (car.charging_state == ChargingState::Charging && amps < min_amps) return ChargeIntent::Stop;
  return ChargeIntent::Keep;
}

}  // namespace p15::legacy

namespace p15 {

Decision LegacyPolicy::decide(const Snapshot& s) const {
  const auto& pw = s.powerwall;
  const auto& car = s.vehicle;
  Decision d;
  d.policy = name();
  d.amps = legacy::charging_amps(pw, car);
  d.intent = legacy::intent(car, d.amps, settings_.min_amps);
  int battery_w = legacy::available_battery_w(pw);
  int avail = legacy::available_amps(pw);
  d.reason = "available " + std::to_string(avail) + " A (battery " + std::to_string(battery_w) +
             " W), car at " + std::to_string(car.charger_actual_current) + " A -> " +
             std::to_string(d.amps) + " A, " + to_string(car.charging_state) + ", " +
             to_string(d.intent);
  d.features = {
      {"solar_power_w", pw.solar_w},
      {"load_power_w", pw.load_w},
      {"grid_power_w", pw.grid_w},
      {"battery_power_w", pw.battery_w},
      {"energy_left_wh", pw.energy_left_wh},
      {"total_pack_energy_wh", pw.total_pack_energy_wh},
      {"backup_reserve_percent", pw.backup_reserve_percent},
      {"available_battery_w", static_cast<double>(battery_w)},
      {"available_amps", static_cast<double>(avail)},
      {"charger_actual_current_a", static_cast<double>(car.charger_actual_current)},
      {"charge_current_request_max_a",
       static_cast<double>(car.charge_current_request_max.value_or(legacy::kDefaultMaxAmps))},
      {"battery_range_mi", car.battery_range_mi},
      {"charging_state", to_string(car.charging_state)},
      {"battery_row_id", static_cast<double>(pw.row_id)},
      {"vehicle_row_id", static_cast<double>(car.row_id)},
  };
  return d;
}

}  // namespace p15
