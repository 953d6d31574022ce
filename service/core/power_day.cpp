#include "service/core/power_day.h"

#include <algorithm>

#include "service/core/command_plan.h"

namespace p15 {
namespace {

// A running average per bucket.
struct Mean {
  double sum = 0;
  long long n = 0;
  void add(double v) {
    sum += v;
    ++n;
  }
  std::optional<double> value() const {
    if (n == 0) return std::nullopt;
    return sum / static_cast<double>(n);
  }
};

struct Buckets {
  std::vector<Mean> solar, load, battery, grid, car, amps;
  explicit Buckets(std::size_t n) : solar(n), load(n), battery(n), grid(n), car(n), amps(n) {}
};

// The bucket a row stamped `at` falls in, if it is in [from, to).
std::optional<std::size_t> bucket_of(const PowerDay& d, TimePoint at, std::size_t n) {
  if (at < d.from || at >= d.to) return std::nullopt;
  const auto k = static_cast<std::size_t>((at - d.from) / d.step);
  if (k >= n) return std::nullopt;
  return k;
}

void skip(PowerDay& d, const Error& e) {
  ++d.skipped;
  if (!d.first_skipped) d.first_skipped = e.message;
}

// Each readable row stamped in the span, with its bucket, to `add`; the unreadable ones counted
// as skipped, those outside the span left out.
template <class T, class Add>
void bucket_rows(PowerDay& d, const std::vector<Result<T>>& rows, long long& in_span, Add add) {
  for (const auto& row : rows) {
    if (!row.ok()) {
      skip(d, row.error());
      continue;
    }
    auto k = bucket_of(d, row->row_time, d.t.size());
    if (!k) continue;
    ++in_span;
    add(*row, *k);
  }
}

void add_powerwall(PowerDay& d, Buckets& b, const std::vector<Result<PowerwallReading>>& rows) {
  bucket_rows(d, rows, d.powerwall_rows, [&](const PowerwallReading& pw, std::size_t k) {
    b.solar[k].add(pw.solar_w);
    b.load[k].add(pw.load_w);
    b.battery[k].add(pw.battery_w);
    b.grid[k].add(pw.grid_w);
  });
}

void add_vehicle(PowerDay& d, Buckets& b, const std::vector<Result<VehicleReading>>& rows,
                 const LedgerSettings& s) {
  bucket_rows(d, rows, d.vehicle_rows, [&](const VehicleReading& car, std::size_t k) {
    b.car[k].add(car_draw_w(car, s));
    // The amps that make car_draw_w: none counted while the car is not charging.
    b.amps[k].add(is_charging(car.charging_state) ? car.charger_actual_current : 0);
  });
}

}  // namespace

PowerDay bucket_power(const PowerDayRows& rows, TimePoint from, TimePoint to, Seconds step,
                      const LedgerSettings& settings) {
  PowerDay d;
  d.from = from;
  d.to = to;
  d.step = step;
  if (step.count() > 0) {
    for (TimePoint t = from; t < to; t += step) d.t.push_back(t);
  }
  const std::size_t n = d.t.size();
  Buckets b(n);
  add_powerwall(d, b, rows.powerwall);
  add_vehicle(d, b, rows.vehicle, settings);
  for (std::size_t k = 0; k < n; ++k) {
    d.solar_w.push_back(b.solar[k].value());
    d.powerwall_w.push_back(b.battery[k].value());
    d.grid_w.push_back(b.grid[k].value());
    d.car_w.push_back(b.car[k].value());
    d.car_amps.push_back(b.amps[k].value());
    const auto load = b.load[k].value();
    const auto car = d.car_w.back();
    d.house_w.push_back(load && car ? std::optional<double>(std::max(0.0, *load - *car))
                                    : std::nullopt);
  }
  return d;
}

}  // namespace p15
