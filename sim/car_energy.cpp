#include "sim/car_energy.h"

#include <algorithm>

namespace p15::sim {

CarEnergySplit attribute_car_energy(const PowerwallParams& params, const PowerwallState& before,
                                    double solar_w, double house_load_w, double car_w,
                                    double dt_s) {
  PowerwallState with_car = before;
  PowerwallState without_car = before;
  HomeFlows w = step_home(params, with_car, solar_w, house_load_w, car_w, dt_s);
  HomeFlows wo = step_home(params, without_car, solar_w, house_load_w, 0, dt_s);
  const double h = dt_s / 3600.0;
  CarEnergySplit s;
  s.from_solar_wh = (std::max(0.0, -wo.grid_w) - std::max(0.0, -w.grid_w)) * h;
  s.from_grid_wh = (std::max(0.0, w.grid_w) - std::max(0.0, wo.grid_w)) * h;
  s.from_battery_wh = (w.battery_w - wo.battery_w) * h;
  return s;
}

}  // namespace p15::sim
