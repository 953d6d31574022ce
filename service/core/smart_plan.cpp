#include "service/core/smart_plan.h"

#include <algorithm>
#include <vector>

namespace p15::smart {

namespace {

constexpr Seconds kHour{3600};
constexpr Seconds kMaxWindow{7 * 24 * 3600};
constexpr double kSamePrice = 1e-6;  // $/kWh: prices closer than this are a tie

struct Hour {
  TimePoint start;
  Seconds length;
  double per_kwh;
};

std::vector<Hour> hours_between(const Tariff& tariff, TimePoint now, TimePoint end) {
  std::vector<Hour> out;
  for (TimePoint t = now; t < end;) {
    const TimePoint next_hour = std::chrono::floor<std::chrono::hours>(t) + kHour;
    const TimePoint stop = std::min(next_hour, end);
    out.push_back({t, stop - t, import_price_at(tariff, t)});
    t = stop;
  }
  return out;
}

}  // namespace

GridPlan plan_grid(const Tariff& tariff, TimePoint now, TimePoint departure, double grid_kwh,
                   double max_w, Seconds slack) {
  GridPlan plan;
  std::vector<Hour> hours = hours_between(tariff, now, std::min(departure, now + kMaxWindow));
  if (hours.empty()) return plan;
  plan.now_per_kwh = hours.front().per_kwh;
  plan.cheapest_per_kwh = plan.now_per_kwh;
  for (const Hour& h : hours) plan.cheapest_per_kwh = std::min(plan.cheapest_per_kwh, h.per_kwh);
  plan.now_cheapest = plan.now_per_kwh <= plan.cheapest_per_kwh + kSamePrice;
  if (grid_kwh <= 0 || max_w <= 0) return plan;
  plan.hours_needed = grid_kwh * 1000 / max_w + static_cast<double>(slack.count()) / 3600;
  // Cheapest first; among equal prices the latest first.
  std::sort(hours.begin(), hours.end(), [](const Hour& a, const Hour& b) {
    if (a.per_kwh < b.per_kwh - kSamePrice) return true;
    if (b.per_kwh < a.per_kwh - kSamePrice) return false;
    return a.start > b.start;
  });
  double taken_h = 0;
  for (const Hour& h : hours) {
    if (taken_h >= plan.hours_needed) break;
    if (h.start == now) plan.charge_now = true;
    taken_h += static_cast<double>(h.length.count()) / 3600;
  }
  return plan;
}

double hours_pricier_than(const Tariff& tariff, TimePoint from, TimePoint to, double per_kwh) {
  double hours = 0;
  for (const Hour& h : hours_between(tariff, from, std::min(to, from + kMaxWindow))) {
    if (h.per_kwh > per_kwh + kSamePrice) hours += static_cast<double>(h.length.count()) / 3600;
  }
  return hours;
}

}  // namespace p15::smart
