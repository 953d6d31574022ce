#include "sim/home_model.h"

#include <algorithm>
#include <cmath>

namespace p15::sim {

namespace {

constexpr double kSecondsPerHour = 3600.0;

// Power at the battery's terminals over one step, W, and what it does to the stored energy.
struct Terminal {
  double one_way = 1;  // sqrt(round trip): stored per W in, W out per stored
  double hours = 0;
  double room_w(const PowerwallParams& p, const PowerwallState& s, double up_to_wh) const {
    return std::max(0.0, std::min(p.capacity_wh, up_to_wh) - s.energy_left_wh) / one_way / hours;
  }
  double usable_w(const PowerwallState& s, double floor_wh) const {
    return std::max(0.0, s.energy_left_wh - floor_wh) * one_way / hours;
  }
};

double charge(const PowerwallParams& p, PowerwallState& s, const Terminal& t, double want_w) {
  const double w = std::min({want_w, p.max_charge_w, t.room_w(p, s, p.capacity_wh)});
  if (w <= 0) return 0;
  s.energy_left_wh = std::min(p.capacity_wh, s.energy_left_wh + w * t.one_way * t.hours);
  return w;
}

double discharge(const PowerwallParams& p, PowerwallState& s, const Terminal& t, double want_w,
                 double floor_wh) {
  const double w = std::min({want_w, p.max_discharge_w, t.usable_w(s, floor_wh)});
  if (w <= 0) return 0;
  s.energy_left_wh = std::max(floor_wh, s.energy_left_wh - w / t.one_way * t.hours);
  return w;
}

// Time-Based Control keeps energy for the day's peak: before it, off-peak, it discharges only
// above what the peak needs. After the peak, and on a tariff with one price all day, it runs as
// self-powered.
double discharge_floor_wh(const PowerwallParams& p, const PowerwallSettings& set,
                          const GridHour& hour, double reserve_wh) {
  if (set.mode == OperationMode::SelfPowered || !hour.before_peak) return reserve_wh;
  return std::max(reserve_wh, std::min(p.capacity_wh, p.tbc_peak_hold_wh));
}

// In a peak hour that pays at least as much for export as for import, with battery export
// allowed, Time-Based Control empties the battery into the grid at full power.
bool exports_battery(const PowerwallSettings& set, const GridHour& hour) {
  return set.mode == OperationMode::TimeBasedControl && set.export_rule == ExportRule::BatteryOk &&
         battery_export_hour(hour);
}

// The battery's power at its terminals (> 0 discharging) for a step with `net_w` of solar over
// the home's load (< 0: a deficit).
double battery_flow(const PowerwallParams& p, const PowerwallSettings& set, const GridHour& hour,
                    PowerwallState& s, const Terminal& t, double net_w) {
  const double floor_wh = p.capacity_wh * std::clamp(set.reserve_percent, 0.0, 100.0) / 100.0;
  if (set.grid_charging && s.energy_left_wh < floor_wh) {
    // Below a raised reserve: the solar surplus and a slow grid charge, up to the reserve.
    const double grid_w = std::min(p.reserve_grid_charge_w, t.room_w(p, s, floor_wh));
    return -charge(p, s, t, std::max(0.0, net_w) + grid_w);
  }
  if (exports_battery(set, hour)) return discharge(p, s, t, p.max_discharge_w, floor_wh);
  if (net_w > 0) return -charge(p, s, t, net_w);
  if (net_w < 0) return discharge(p, s, t, -net_w, discharge_floor_wh(p, set, hour, floor_wh));
  return 0;
}

}  // namespace

PowerwallSettings owner_settings(const PowerwallParams& params) {
  PowerwallSettings s;
  s.reserve_percent = params.backup_reserve_percent;
  return s;
}

double reserve_wh(const PowerwallParams& p) {
  return p.capacity_wh * p.backup_reserve_percent / 100.0;
}

double percentage_charged(const PowerwallParams& p, const PowerwallState& s) {
  return p.capacity_wh > 0 ? 100.0 * s.energy_left_wh / p.capacity_wh : 0.0;
}

HomeFlows step_home(const PowerwallParams& p, const PowerwallSettings& set, const GridHour& hour,
                    PowerwallState& s, double solar_w, double house_load_w, double car_w,
                    double dt_s) {
  HomeFlows f;
  f.solar_w = std::max(0.0, solar_w);
  f.load_w = std::max(0.0, house_load_w) + std::max(0.0, car_w);
  const Terminal t{std::sqrt(std::clamp(p.round_trip_efficiency, 0.01, 1.0)),
                   dt_s / kSecondsPerHour};
  if (t.hours > 0) f.battery_w = battery_flow(p, set, hour, s, t, f.solar_w - f.load_w);
  f.grid_w = f.load_w - f.solar_w - f.battery_w - f.generator_w;
  if (set.export_rule == ExportRule::Never && f.grid_w < 0) {
    f.solar_w += f.grid_w;  // curtailed: nothing may leave the home
    f.grid_w = 0;
  }
  return f;
}

HomeFlows step_home(const PowerwallParams& p, PowerwallState& s, double solar_w,
                    double house_load_w, double car_w, double dt_s) {
  return step_home(p, owner_settings(p), GridHour{}, s, solar_w, house_load_w, car_w, dt_s);
}

}  // namespace p15::sim
