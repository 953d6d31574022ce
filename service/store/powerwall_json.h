#pragma once
// battery_model.data → PowerwallReading. Pure: no I/O.
#include <cstdint>
#include <optional>
#include <string>

#include "service/core/result.h"
#include "service/core/types.h"

namespace p15 {

// What the owner's config says of the Powerwall, for rows that leave it out. Since March 2024
// Tesla's live_status (and TeslaPy) no longer give energy_left or total_pack_energy, only
// percentage_charged (domain.md section 3; issue 13). 0 / nullopt: not set.
struct PowerwallFallbacks {
  double capacity_wh = 0;                        // powerwall.capacity_wh
  std::optional<double> backup_reserve_percent;  // powerwall.backup_reserve_percent
};

// Accepts the two shapes of domain.md section 3 and sets `shape`:
//   Legacy  (TeslaPy get_battery_data): recognised by "power_reading" or "backup"; the flows come
//           from power_reading[0], the reserve from backup.backup_reserve_percent.
//   Current (Fleet API site_info + live_status): flat fields, recognised by any of solar_power,
//           load_power, grid_power, battery_power at the top level; also inside the Fleet API's
//           own envelope {"response": {...}}.
// Required (missing, null or mistyped is an error): solar, load, grid and battery power,
// energy_left, total_pack_energy, the reserve percent. The current shape may instead give
// percentage_charged and take the capacity from total_pack_energy, else nameplate_energy, else
// fallbacks.capacity_wh (energy_left = percentage_charged / 100 * capacity), and the reserve
// from fallbacks.backup_reserve_percent when the row has none.
// Optional: generator_power (0), grid_status, island_status (nullopt: unknown),
// off_grid_vehicle_charging_reserve_percent (0..100, nullopt), percentage_charged (derived from
// energy_left / total_pack_energy and capped at 100, since nothing here decides on it).
// A flat row without energy_left is today's live_status: its shape is LiveStatus.
// Rejected as absurd: non-finite numbers, negative energy_left or total_pack_energy, a zero pack,
// an energy beyond 1 MWh, a reserve (backup or off-grid) or a reported percentage_charged outside
// 0..100, negative solar or load, any power beyond ±100 kW.
// Errors are kind Invalid, worded `battery_model row <id>: field "<path>" <problem>`.
Result<PowerwallReading> parse_powerwall_json(const std::string& json, std::int64_t row_id,
                                              TimePoint row_time,
                                              const PowerwallFallbacks& fallbacks = {});

}  // namespace p15
