#include "sim/home_model.h"

#include <algorithm>
#include <cmath>

namespace p15::sim {

namespace {
constexpr double kSecondsPerHour = 3600.0;
}

double reserve_wh(const PowerwallParams& p) {
  return p.capacity_wh * p.backup_reserve_percent / 100.0;
}

double percentage_charged(const PowerwallParams& p, const PowerwallState& s) {
  return p.capacity_wh > 0 ? 100.0 * s.energy_left_wh / p.capacity_wh : 0.0;
}

HomeFlows step_home(const PowerwallParams& p, PowerwallState& s, double solar_w,
                    double house_load_w, double car_w, double dt_s) {
  HomeFlows f;
  f.solar_w = std::max(0.0, solar_w);
  f.load_w = std::max(0.0, house_load_w) + std::max(0.0, car_w);
  const double one_way = std::sqrt(std::clamp(p.round_trip_efficiency, 0.01, 1.0));
  const double hours = dt_s / kSecondsPerHour;
  const double net_w = f.solar_w - f.load_w;  // > 0 surplus, < 0 deficit
  if (hours > 0 && net_w > 0) {
    // Power in at the terminals; only `one_way` of it is stored.
    const double room_wh = std::max(0.0, p.capacity_wh - s.energy_left_wh);
    const double charge_w = std::min({net_w, p.max_charge_w, room_wh / one_way / hours});
    s.energy_left_wh = std::min(p.capacity_wh, s.energy_left_wh + charge_w * one_way * hours);
    f.battery_w = -charge_w;
  } else if (hours > 0 && net_w < 0) {
    // Power out at the terminals costs 1/one_way of stored energy.
    const double floor_wh = reserve_wh(p);
    const double usable_wh = std::max(0.0, s.energy_left_wh - floor_wh);
    const double discharge_w = std::min({-net_w, p.max_discharge_w, usable_wh * one_way / hours});
    const double after = s.energy_left_wh - discharge_w / one_way * hours;
    s.energy_left_wh = discharge_w > 0 ? std::max(floor_wh, after) : s.energy_left_wh;
    f.battery_w = discharge_w;
  }
  f.grid_w = f.load_w - f.solar_w - f.battery_w - f.generator_w;
  return f;
}

}  // namespace p15::sim
