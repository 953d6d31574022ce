#pragma once
// battery_model.data → PowerwallReading. Pure: no I/O.
#include <cstdint>
#include <string>

#include "service/core/result.h"
#include "service/core/types.h"

namespace p15 {

// Accepts the two shapes of domain.md section 3 and sets `shape`:
//   Legacy  (TeslaPy get_battery_data): recognised by "power_reading" or "backup"; the flows come
//           from power_reading[0], the reserve from backup.backup_reserve_percent.
//   Current (Fleet API site_info + live_status): flat fields, recognised by any of solar_power,
//           load_power, grid_power, battery_power at the top level.
// Required (missing, null or mistyped is an error): solar, load, grid and battery power,
// energy_left, total_pack_energy (current shape: or nameplate_energy), the reserve percent.
// Optional: generator_power (0), grid_status ("Unknown"), percentage_charged (derived from
// energy_left / total_pack_energy and capped at 100, since nothing here decides on it).
// Rejected as absurd: non-finite numbers, negative energy_left or total_pack_energy, a zero pack,
// an energy beyond 1 MWh, a reserve or a reported percentage_charged outside 0..100, negative
// solar or load, any power beyond ±100 kW.
// Errors are kind Invalid, worded `battery_model row <id>: field "<path>" <problem>`.
Result<PowerwallReading> parse_powerwall_json(const std::string& json, std::int64_t row_id,
                                              TimePoint row_time);

}  // namespace p15
