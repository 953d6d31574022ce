#pragma once
// One interface per outside system the collector reads; the production adapters
// (gateway_client, wall_connector_client, fleet_sources) and the tests' doubles implement them.
// An asleep car is an answer (state Asleep), not an error: errors are for no usable answer.
#include <optional>

#include "collector/readings.h"
#include "service/core/result.h"

namespace p15::collector {

// The Powerwall: the local gateway, or Fleet's energy-site endpoints.
class PowerwallSource {
 public:
  virtual ~PowerwallSource() = default;
  virtual Result<PowerwallLive> live() = 0;
  virtual Result<SiteInfo> site() = 0;
  virtual bool billed() const = 0;  // Fleet: every request counts against Tesla's limits
};

class WallConnectorSource {
 public:
  virtual ~WallConnectorSource() = default;
  virtual Result<WallConnectorRead> vitals() = 0;
};

// What vehicle_data?endpoints=charge_state gave: the car's state, and its charge state when it
// was online (Fleet answers 408 while it sleeps).
struct VehicleDataRead {
  VehicleState state = VehicleState::Unknown;
  std::optional<ChargeStateRead> charge_state;
};

class VehicleSource {
 public:
  virtual ~VehicleSource() = default;
  // GET /api/1/vehicles/{vin}: online, asleep or offline, without waking the car.
  virtual Result<VehicleState> summary() = 0;
  virtual Result<VehicleDataRead> charge_state() = 0;
};

}  // namespace p15::collector
