#pragma once
// The collector's rows (battery_model, vehicle_model; domain.md section 2) on MariaDB.
#include <optional>

#include "service/clock/clock.h"
#include "service/core/tariff.h"
#include "service/store/powerwall_json.h"
#include "service/store/store.h"

namespace p15 {

class MariaDbConnection;

class MariaDbCollectorRows final : public CollectorRows {
 public:
  // `row_zone`: the zone the `timestamp` column is written in (database.row_time_zone); nullopt
  // for UTC. `clock` says what "now" is when a repeated hour leaves two instants to choose from.
  MariaDbCollectorRows(MariaDbConnection& connection, PowerwallFallbacks powerwall,
                       std::optional<LocalZone> row_zone, const Clock& clock)
      : connection_(connection), powerwall_(powerwall), row_zone_(row_zone), clock_(clock) {}

  Result<PowerwallReading> newest_powerwall() override;
  Result<VehicleReading> newest_vehicle() override;

 private:
  MariaDbConnection& connection_;
  const PowerwallFallbacks powerwall_;
  const std::optional<LocalZone> row_zone_;
  const Clock& clock_;
};

}  // namespace p15
