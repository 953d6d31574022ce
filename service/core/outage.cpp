#include "service/core/outage.h"

#include <cmath>
#include <cstdio>

#include "service/core/command_plan.h"

namespace p15 {

namespace {

constexpr const char* kSetting = "powerwall.off_grid_vehicle_charging_reserve_percent";

// "34 %" or "34.5 %": Tesla reports fractions of a percent, the owner sets whole ones.
std::string percent(double p) {
  char buf[32];
  const double tenths = std::round(p * 10) / 10;
  if (tenths == std::floor(tenths)) {
    std::snprintf(buf, sizeof buf, "%.0f %%", tenths);
  } else {
    std::snprintf(buf, sizeof buf, "%.1f %%", tenths);
  }
  return buf;
}

bool starts_with(const std::string& s, const std::string& prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

// Why the car may not charge, or nullopt when the Powerwall is above the floor.
std::optional<std::string> below_floor(double level, std::optional<double> floor) {
  if (!floor) {
    return std::string(
               "no off-grid charging reserve (the row has no "
               "off_grid_vehicle_charging_reserve_percent, the setting ") +
           kSetting + " is not set)";
  }
  if (level > *floor) return std::nullopt;
  return "Powerwall " + percent(level) + " at or below the off-grid charging reserve " +
         percent(*floor);
}

}  // namespace

std::optional<std::string> grid_down_because(const PowerwallReading& pw) {
  if (pw.grid_status && *pw.grid_status != "Active") return "grid_status " + *pw.grid_status;
  if (pw.island_status && starts_with(*pw.island_status, "off_grid")) {
    return "island_status " + *pw.island_status;
  }
  return std::nullopt;
}

std::optional<double> off_grid_reserve(const PowerwallReading& pw, std::optional<double> setting) {
  if (pw.off_grid_vehicle_charging_reserve_percent) {
    return pw.off_grid_vehicle_charging_reserve_percent;
  }
  return setting;
}

Decision apply_outage_rule(Decision d, const Snapshot& s, std::optional<double> setting) {
  const auto down = grid_down_because(s.powerwall);
  if (!down) return d;
  const double level = s.powerwall.percentage_charged;
  const auto floor = off_grid_reserve(s.powerwall, setting);
  d.features.push_back({"grid_down", *down});
  d.features.push_back({"powerwall_percent", level});
  if (floor) d.features.push_back({"off_grid_reserve_percent", *floor});
  const std::string outage = "grid down (" + *down + "): ";
  const auto why_not = below_floor(level, floor);
  if (!why_not) {
    d.reason = outage + "Powerwall " + percent(level) + " above the off-grid charging reserve " +
               percent(*floor) + ": " + d.reason;
    return d;
  }
  // What the policy wanted stays readable after the verdict: it is what resumes once the grid
  // is back.
  const bool charging = is_charging(s.vehicle.charging_state);
  d.reason = outage + *why_not + (charging ? ": stop" : ": no start") + " (" + d.policy +
             " wanted " + std::to_string(d.amps) + " A, " + to_string(d.intent) + ": " + d.reason +
             ")";
  d.amps = 0;
  d.intent = charging ? ChargeIntent::Stop : ChargeIntent::Keep;
  return d;
}

}  // namespace p15
