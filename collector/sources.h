#pragma once
// What p15-collector reads, one interface per outside system: the Powerwall (its local gateway,
// or the Fleet API's energy endpoints), the Wall Connector's local vitals, and the car through
// the Fleet API. The production adapters and the tests' doubles implement these; the collector's
// decisions (collector/schedule.h) and its cycle only see them.
#include <optional>
#include <string>

#include "service/core/result.h"
#include "service/core/types.h"

namespace p15::collector {

// One Powerwall reading, in live_status' terms and signs (domain.md section 3): battery_w > 0
// discharging, grid_w > 0 importing, load_w includes the car. percentage_charged is the app's
// percentage (a gateway's soe is converted: app % = (soe - 5) / 0.95, as pypowerwall does).
struct PowerwallLive {
  TimePoint read_at{};  // UTC, when the answer came
  double solar_w = 0;
  double load_w = 0;
  double battery_w = 0;
  double grid_w = 0;
  double generator_w = 0;
  double percentage_charged = 0;
  std::string grid_status = "Active";     // Active, Inactive, Transition
  std::string island_status = "on_grid";  // on_grid, off_grid, off_grid_intentional, ...
  bool storm_mode_active = false;
};

// The slow-changing settings (Fleet site_info; the gateway's /api/operation and system_status).
struct PowerwallSite {
  TimePoint read_at{};
  double backup_reserve_percent = 0;  // app scale
  std::string default_real_mode;      // self_consumption, autonomous, backup
  double nameplate_energy_wh = 0;     // 0: unknown
  std::optional<double> off_grid_vehicle_charging_reserve_percent;
};

// Error kinds every source uses: Unavailable (not reachable, 5xx, 429: try again later; the
// message says which), Invalid (an answer that cannot be read: names the endpoint and field),
// NotFound (e.g. no energy site on the account), Stale for an answer older than asked.
class PowerwallSource {
 public:
  virtual ~PowerwallSource() = default;
  virtual std::string name() const = 0;  // "gateway" or "fleet"
  virtual Result<PowerwallLive> live() = 0;
  virtual Result<PowerwallSite> site() = 0;
};

class WallConnectorSource {
 public:
  virtual ~WallConnectorSource() = default;
  virtual Result<WallConnectorVitals> vitals() = 0;  // GET /api/1/vitals, never billed
};

// GET /api/1/vehicles/{vin}: the state without waking the car (billed as data).
struct VehicleSummary {
  TimePoint read_at{};
  VehicleState state = VehicleState::Unknown;
};

// vehicle_data?endpoints=charge_state of an online car (billed as data).
struct ChargeStateRead {
  TimePoint read_at{};
  VehicleState state = VehicleState::Online;
  ChargingState charging_state = ChargingState::Disconnected;
  std::string charge_state_json;  // Tesla's charge_state object as it came, written as is
};

// An asleep or offline car answers vehicle_data with Fleet's 408 (a 500 behind tesla-http-proxy):
// that is an answer, not an error: charge_state() returns state Asleep or Offline and an empty
// charge_state_json.
class VehicleSource {
 public:
  virtual ~VehicleSource() = default;
  virtual Result<VehicleSummary> summary() = 0;
  virtual Result<ChargeStateRead> charge_state() = 0;
};

}  // namespace p15::collector
