#pragma once
// What the collector reads from each source, as plain values: the Powerwall's flows and state of
// charge (from the local gateway or Fleet's live_status), site_info's settings, the Wall
// Connector's vitals, and the car (its online state, its charge_state). Each carries the real
// instant it was read at, so a row can say how old each part is.
#include <optional>
#include <string>

#include "service/core/types.h"

namespace p15::collector {

// live_status's fields (Tesla's signs: battery_power > 0 discharges, grid_power > 0 imports).
struct PowerwallLive {
  double solar_w = 0, load_w = 0, battery_w = 0, grid_w = 0, generator_w = 0;
  double percentage_charged = 0;  // the app's percentage (the gateway's soe already rescaled)
  std::string grid_status = "Active";
  std::string island_status = "on_grid";
  bool storm_mode_active = false;
  TimePoint read_at{};    // real UTC
  std::string timestamp;  // as the source stamped it (live_status: local ISO); "" = read_at
};

// site_info's settings that the service reads from the battery row.
struct SiteInfo {
  double backup_reserve_percent = 0;
  std::string default_real_mode = "self_consumption";
  std::optional<double> nameplate_energy_wh;
  std::optional<double> off_grid_vehicle_charging_reserve_percent;
  TimePoint read_at{};
};

// The car as Tesla's vehicle_data?endpoints=charge_state gave it: the charge_state object kept
// verbatim (the service parses it), plus what the collector's schedule needs.
struct ChargeStateRead {
  std::string charge_state_json;  // the "charge_state" object as Tesla sent it
  ChargingState charging_state = ChargingState::Disconnected;
  TimePoint read_at{};
};

// The Wall Connector's vitals (types.h WallConnectorVitals) with the instant they were read.
using WallConnectorRead = WallConnectorVitals;

}  // namespace p15::collector
