#include "collector/budget.h"

#include <date/date.h>

#include <algorithm>
#include <cmath>

namespace p15::collector {
namespace {

constexpr double kDaysPerMonth = 30.44;
constexpr double kDayS = 86400;
// Below this, reading the car's state costs more than the wake it might save.
constexpr Seconds kMinSummaryInterval{300};
// Charging reads may take at most this share of the car's daily requests.
constexpr double kChargingShare = 0.6;

}  // namespace

Budget derive_budget(const BudgetInput& in) {
  Budget b;
  b.vehicle_refresh = in.vehicle_refresh;
  if (in.dollars_per_data_request <= 0) {
    b.data_requests_per_day = 1e9;
    b.summary_interval = kMinSummaryInterval;
    b.summary_polls = !in.has_wall_connector;
    return b;
  }
  b.data_requests_per_day = in.dollars_per_month / in.dollars_per_data_request / kDaysPerMonth;
  const double charging_s = in.charging_hours_per_day * 3600;
  double charging_reads = charging_s / static_cast<double>(in.vehicle_refresh.count());
  const double cap = kChargingShare * b.data_requests_per_day;
  if (charging_reads > cap && cap > 0) {
    b.vehicle_refresh = Seconds{static_cast<long long>(std::ceil(charging_s / cap))};
    charging_reads = cap;
  }
  b.summary_polls = !in.has_wall_connector;
  const double left = b.data_requests_per_day - charging_reads - in.follow_up_reads_per_day;
  const double interval = left > 1 ? kDayS / left : kDayS;
  b.summary_interval = std::max(kMinSummaryInterval, Seconds{static_cast<long long>(interval)});
  return b;
}

bool may_spend(double spent_this_month, double cost, double dollars_per_month,
               double month_fraction_elapsed) {
  if (cost <= 0) return true;
  const double allowed =
      dollars_per_month * std::min(1.0, month_fraction_elapsed + 1.0 / kDaysPerMonth);
  return spent_this_month + cost <= allowed + 1e-9;
}

double month_fraction(TimePoint t) {
  const auto day = date::floor<date::days>(t);
  const date::year_month_day ymd{day};
  const date::sys_days first{ymd.year() / ymd.month() / 1};
  const date::sys_days next{(ymd.year() / ymd.month() + date::months{1}) / 1};
  const double span = std::chrono::duration<double>(next - first).count();
  return std::chrono::duration<double>(t - first).count() / span;
}

}  // namespace p15::collector
