#pragma once
// The car and a grid outage. On grid the Powerwall stops at its backup reserve and the grid
// carries the rest; islanded, the Powerwall alone powers the house and discharges below that
// reserve (domain.md 6a), so every kWh the car takes then is one the house lacks before the
// grid returns. Tesla's answer is site_info's off_grid_vehicle_charging_reserve_percent, the
// Powerwall level below which the car must not charge off grid. This rule is the same for every
// policy, so it is applied to their decisions (make_policy wraps each policy in OutageGuard)
// rather than written into each one. Pure: no I/O.
//
// The values read, as Tesla's Fleet API live_status gives them (sources: Home Assistant's
// teslemetry integration, homeassistant/components/teslemetry/sensor.py, island_status options
// on_grid, off_grid, off_grid_intentional, off_grid_unintentional, island_status_unknown, and
// its tests/components/teslemetry/fixtures/live_status.json, "grid_status": "Active";
// jasonacox/pypowerwall pypowerwall/cloud/pypowerwall_cloud.py, which maps grid_status other
// than "Active" to SystemIslandedActive; the off-grid reserve is a site_info field in Home
// Assistant's tesla_fleet and teslemetry number.py):
//   grid_status   "Active" connected; anything else ("Inactive", "Transition") is down.
//   island_status "on_grid" connected; any "off_grid..." value is down.
// Absent (nullopt) is unknown and, as before this rule existed, taken as connected: rows from
// collectors that never wrote these fields must go on charging from surplus.
#include <optional>
#include <string>

#include "service/core/types.h"

namespace p15 {

// Why the row says the grid is down, naming the field and value ("grid_status Inactive"), or
// nullopt while it is up or unknown.
std::optional<std::string> grid_down_because(const PowerwallReading& pw);

// The floor in force: the row's own (site_info, the owner's choice in the Tesla app), else the
// setting powerwall.off_grid_vehicle_charging_reserve_percent; nullopt: none, never charge.
std::optional<double> off_grid_reserve(const PowerwallReading& pw, std::optional<double> setting);

// The decision `d` (a policy's, for `s`) the car may act on. Grid up or unknown: `d` unchanged.
// Grid down with the Powerwall above the floor: `d`'s amps and intent, its reason prefixed with
// the outage. Otherwise no start and 0 A, and a charging car is stopped.
Decision apply_outage_rule(Decision d, const Snapshot& s, std::optional<double> setting);

}  // namespace p15
