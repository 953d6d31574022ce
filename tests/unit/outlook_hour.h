#pragma once
// One outlook period for the planner's tests: an hour of forecast energy and its prices.
#include "service/core/outlook.h"

namespace p15 {

inline OutlookHour hour(double solar_wh, double house_wh, double import_per_kwh = 0.46,
                        double export_per_kwh = 0.05, bool battery_export = false) {
  OutlookHour h;
  h.solar_wh = solar_wh;
  h.house_wh = house_wh;
  h.import_per_kwh = import_per_kwh;
  h.export_per_kwh = export_per_kwh;
  h.battery_export = battery_export;
  return h;
}

}  // namespace p15
