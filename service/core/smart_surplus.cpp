#include "service/core/smart_surplus.h"

#include <algorithm>
#include <cmath>

#include "service/core/command_plan.h"

namespace p15::smart {

double voltage(const VehicleReading& car, const SmartSettings& s) {
  return car.charger_voltage > 0 ? car.charger_voltage : s.default_voltage_v;
}

int max_amps(const VehicleReading& car, const SmartSettings& s) {
  return car.charge_current_request_max.value_or(s.default_max_amps);
}

double car_draw_w(const VehicleReading& car, const SmartSettings& s) {
  return is_charging(car.charging_state) ? car.charger_actual_current * voltage(car, s) : 0.0;
}

double house_w(const PowerwallReading& pw, const VehicleReading& car, const SmartSettings& s) {
  return std::max(0.0, pw.load_w - car_draw_w(car, s));
}

double surplus_w(const PowerwallReading& pw, const VehicleReading& car, const SmartSettings& s) {
  return car_draw_w(car, s) - pw.grid_w - pw.battery_w;
}

double export_surplus_w(const PowerwallReading& pw, const VehicleReading& car,
                        const SmartSettings& s) {
  const double full_percent = is_charging(car.charging_state) ? 97.0 : 99.5;
  const double room_w = pw.percentage_charged < full_percent ? s.powerwall_max_charge_w : 0.0;
  return surplus_w(pw, car, s) - room_w;
}

double smooth(std::optional<double> previous, double sample, Seconds dt, Seconds tau) {
  if (!previous || tau.count() <= 0) return sample;
  const double keep = std::exp(-static_cast<double>(std::max<long long>(0, dt.count())) /
                               static_cast<double>(tau.count()));
  return keep * *previous + (1 - keep) * sample;
}

}  // namespace p15::smart
