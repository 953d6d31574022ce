#pragma once
// The collector's rows over a span (battery_model, vehicle_model), for the day's chart. Read by
// the primary key, newest first, a page at a time, until the rows are older than the span: the
// shared tables have no index on `timestamp` and this service must not add one, while `id` grows
// with time (the collector appends). So a day's read touches that day's rows and one page more,
// never the table's years.
#include <optional>

#include "service/clock/clock.h"
#include "service/core/tariff.h"
#include "service/store/powerwall_json.h"
#include "service/store/store.h"

namespace p15 {

class MariaDbConnection;

class MariaDbCollectorHistory final : public CollectorHistory {
 public:
  // As MariaDbCollectorRows: `row_zone` is database.row_time_zone (nullopt: UTC).
  MariaDbCollectorHistory(MariaDbConnection& connection, PowerwallFallbacks powerwall,
                          std::optional<LocalZone> row_zone, const Clock& clock)
      : connection_(connection), powerwall_(powerwall), row_zone_(row_zone), clock_(clock) {}

  Result<PowerDayRows> rows_between(TimePoint from, TimePoint to) override;

 private:
  MariaDbConnection& connection_;
  const PowerwallFallbacks powerwall_;
  const std::optional<LocalZone> row_zone_;
  const Clock& clock_;
};

}  // namespace p15
