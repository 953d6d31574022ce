#pragma once
// Today's power at a fixed step (5 minutes for GET /home/today), from the collector's rows:
// per bucket the average of each flow over the rows stamped in it. Pure: the store reads the
// rows (each already parsed, or the error that made it unreadable) and the caller says the day.
//
// - solar_w, powerwall_w, grid_w and the load come from battery_model rows, in Tesla's signs
//   (powerwall > 0 discharging, grid > 0 importing); car_w and car_amps from vehicle_model rows,
//   the car's draw by the ledger's own rule (car_draw_w): nothing while not charging.
// - house_w is the load without the car: the bucket's average load less its average car draw,
//   not below 0, so solar + powerwall + grid = house + car. It needs both tables' rows in the
//   bucket: without the car's, the load cannot be split and house_w is empty too.
// - A bucket without a row of a table has no value (nullopt: JSON null) for that table's series:
//   a gap in the chart says the collector wrote nothing, a zero would claim a measurement.
// - A row that could not be read (an error in `rows`) is counted in `skipped` and otherwise
//   ignored; rows stamped outside [from, to) are ignored (they are not today's).
// - Each row is placed by its own stamp (row_time): the collector's row says what it knew then,
//   and an asleep car's row with an old charge state still says it is not charging now.
#include <optional>
#include <string>
#include <vector>

#include "service/core/energy_ledger.h"
#include "service/core/result.h"
#include "service/core/types.h"

namespace p15 {

struct PowerDayRows {
  std::vector<Result<PowerwallReading>> powerwall;
  std::vector<Result<VehicleReading>> vehicle;
};

using Series = std::vector<std::optional<double>>;

struct PowerDay {
  TimePoint from{}, to{};
  Seconds step{300};
  std::vector<TimePoint> t;  // each bucket's start
  Series solar_w, house_w, powerwall_w, grid_w, car_w, car_amps;
  long long powerwall_rows = 0, vehicle_rows = 0;  // the rows counted in the buckets
  long long skipped = 0;                           // unreadable rows
  std::optional<std::string> first_skipped;        // why the first of them was unreadable
};

// Buckets [from + k step, from + (k+1) step) for every k with from + k step < to; none when
// `to` is not after `from` or `step` is not positive.
PowerDay bucket_power(const PowerDayRows& rows, TimePoint from, TimePoint to, Seconds step,
                      const LedgerSettings& settings);

}  // namespace p15
