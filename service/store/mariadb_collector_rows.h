#pragma once
// The collector's rows (battery_model, vehicle_model; domain.md section 2) on MariaDB.
#include "service/store/powerwall_json.h"
#include "service/store/store.h"

namespace p15 {

class MariaDbConnection;

class MariaDbCollectorRows final : public CollectorRows {
 public:
  MariaDbCollectorRows(MariaDbConnection& connection, PowerwallFallbacks powerwall)
      : connection_(connection), powerwall_(powerwall) {}

  Result<PowerwallReading> newest_powerwall() override;
  Result<VehicleReading> newest_vehicle() override;

 private:
  MariaDbConnection& connection_;
  const PowerwallFallbacks powerwall_;
};

}  // namespace p15
