#include "service/poll/planner_history.h"

namespace p15 {

Result<HistoryLearned> learn_history(CollectorHistory& rows, LearnedOutlook& outlook, TimePoint now,
                                     int days) {
  constexpr Seconds kDay{86400};
  HistoryLearned got;
  got.days = days;
  const int hours_before = outlook.learned_hours();
  // The car's row in force when the next day's first Powerwall row was written.
  std::optional<VehicleReading> car_before;
  std::optional<TimePoint> last;  // the days' spans share their ends: a row there is read twice
  for (int d = days; d > 0; --d) {
    auto chunk = rows.rows_between(now - kDay * d, now - kDay * (d - 1));
    if (!chunk.ok()) return chunk.error();
    PowerDayRows day = std::move(chunk).value();
    std::optional<VehicleReading> newest;
    for (const auto& car : day.vehicle) {
      if (car.ok() && (!newest || car->row_time >= newest->row_time)) newest = *car;
    }
    if (car_before) day.vehicle.emplace_back(*car_before);
    for (const HomeReading& r : home_readings(day, got.skipped)) {
      if (last && r.at <= *last) continue;
      outlook.observe(r.at, r.solar_w, r.house_w);
      last = r.at;
      ++got.readings;
    }
    if (newest) car_before = std::move(newest);
    got.hours = outlook.learned_hours() - hours_before;
  }
  return got;
}

}  // namespace p15
