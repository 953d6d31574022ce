#pragma once
#include <optional>
#include <string>

#include "service/core/types.h"

namespace p15 {

struct BatteryStatus {
  std::string status;  // Charging, Discharging, Standby
  double power_w = 0;  // Tesla sign: > 0 discharging
  double percent = 0;
  double energy_left_wh = 0;
  double reserve_wh = 0;
  std::optional<double> time_to_full_h;     // while charging
  std::optional<double> time_to_empty_h;    // while discharging, to 0 %
  std::optional<double> time_to_reserve_h;  // while discharging, to the backup reserve
};

BatteryStatus battery_status(const PowerwallReading& pw);

double reserve_wh(const PowerwallReading& pw);

}  // namespace p15
