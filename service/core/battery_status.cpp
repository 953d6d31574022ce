#include "service/core/battery_status.h"

#include <algorithm>

namespace p15 {

double reserve_wh(const PowerwallReading& pw) {
  return pw.total_pack_energy_wh * pw.backup_reserve_percent / 100.0;
}

BatteryStatus battery_status(const PowerwallReading& pw) {
  BatteryStatus s;
  s.power_w = pw.battery_w;
  s.percent = pw.percentage_charged;
  s.energy_left_wh = pw.energy_left_wh;
  s.reserve_wh = reserve_wh(pw);
  if (pw.battery_w < 0) {
    s.status = "Charging";
    s.time_to_full_h = std::max(0.0, pw.total_pack_energy_wh - pw.energy_left_wh) / -pw.battery_w;
  } else if (pw.battery_w > 0) {
    s.status = "Discharging";
    s.time_to_empty_h = pw.energy_left_wh / pw.battery_w;
    s.time_to_reserve_h = std::max(0.0, pw.energy_left_wh - s.reserve_wh) / pw.battery_w;
  } else {
    s.status = "Standby";
  }
  return s;
}

}  // namespace p15
