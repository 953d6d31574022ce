#include "service/core/tariff.h"

#include <algorithm>
#include <cmath>

// date/tz without its database look-up (locate_zone), which reads files and stays in adapters.
#include <date/tz.h>

namespace p15 {

namespace chr = std::chrono;

namespace {

constexpr double kJoulesPerKwh = 3.6e6;

date::local_seconds to_date_local(LocalSeconds t) {
  return date::local_seconds{t.time_since_epoch()};
}

// Is `day` the day a holiday rule falls on (observed) in day's year?
bool falls_on(const HolidayRule& r, chr::year_month_day day) {
  // Every price lookup asks, so the cheap test first: no holiday is observed outside its own
  // month (the latest fixed date, Dec 25, moves at most to Dec 26).
  if (static_cast<unsigned>(day.month()) != r.month) return false;
  const chr::year y = day.year();
  const chr::month m{r.month};
  if (r.kind == HolidayRule::Kind::FixedDate) {
    chr::sys_days observed{y / m / chr::day{r.day}};
    if (chr::weekday{observed} == chr::Sunday) observed += chr::days{1};
    return chr::sys_days{day} == observed;
  }
  const chr::weekday wd{r.weekday};
  const chr::sys_days on =
      r.day >= 5 ? chr::sys_days{y / m / wd[chr::last]} : chr::sys_days{y / m / wd[r.day]};
  return chr::sys_days{day} == on;
}

std::size_t profile_index(unsigned month, DayType day, unsigned hour) {
  return ((month - 1) * 2 + static_cast<unsigned>(day)) * 24 + hour;
}

double profile_lookup(const LocalHourProfile& p, const LocalZone& zone, TimePoint utc) {
  const LocalSeconds local = to_local(zone, utc);
  const auto day = chr::floor<chr::days>(local);
  const chr::year_month_day ymd{chr::sys_days{day.time_since_epoch()}};
  const auto hour = chr::floor<chr::hours>(local - day).count();
  return p.at(static_cast<unsigned>(ymd.month()), pge_day_type(ymd), static_cast<unsigned>(hour));
}

}  // namespace

Seconds utc_offset(const LocalZone& zone, TimePoint utc) {
  if (zone.tz == nullptr) return Seconds{0};
  return zone.tz->get_info(utc).offset;
}

LocalSeconds to_local(const LocalZone& zone, TimePoint utc) {
  return LocalSeconds{(utc + utc_offset(zone, utc)).time_since_epoch()};
}

long long local_day_number(const LocalZone& zone, TimePoint utc) {
  return std::chrono::floor<std::chrono::days>(to_local(zone, utc)).time_since_epoch().count();
}

LocalToUtc to_utc(const LocalZone& zone, LocalSeconds local) {
  const TimePoint as_utc{local.time_since_epoch()};
  if (zone.tz == nullptr) return {1, as_utc, as_utc};
  const date::local_seconds wall = to_date_local(local);
  const date::local_info info = zone.tz->get_info(wall);
  switch (info.result) {
    case date::local_info::nonexistent: {
      const TimePoint before_gap = as_utc - info.first.offset;
      return {0, before_gap, before_gap};
    }
    case date::local_info::ambiguous:
      return {2, zone.tz->to_sys(wall, date::choose::earliest),
              zone.tz->to_sys(wall, date::choose::latest)};
    default:
      return {1, as_utc - info.first.offset, as_utc - info.first.offset};
  }
}

bool is_pge_holiday(chr::year_month_day day) {
  return std::any_of(kPgeHolidays.begin(), kPgeHolidays.end(),
                     [&](const HolidayRule& r) { return falls_on(r, day); });
}

DayType pge_day_type(chr::year_month_day day) {
  const chr::weekday wd{chr::sys_days{day}};
  if (wd == chr::Saturday || wd == chr::Sunday || is_pge_holiday(day)) {
    return DayType::WeekendOrHoliday;
  }
  return DayType::Weekday;
}

double& LocalHourProfile::at(unsigned month, DayType day, unsigned hour) {
  return per_kwh.at(profile_index(month, day, hour));
}

double LocalHourProfile::at(unsigned month, DayType day, unsigned hour) const {
  return per_kwh.at(profile_index(month, day, hour));
}

LocalHourProfile profile_from_table(const std::vector<HourlyPrice>& hours, const LocalZone& zone) {
  LocalHourProfile p;
  for (const HourlyPrice& h : hours) {
    const LocalSeconds local = to_local(zone, h.start);
    const auto day = chr::floor<chr::days>(local);
    const chr::year_month_day ymd{chr::sys_days{day.time_since_epoch()}};
    const auto hour = chr::floor<chr::hours>(local - day).count();
    p.at(static_cast<unsigned>(ymd.month()), pge_day_type(ymd), static_cast<unsigned>(hour)) =
        h.per_kwh;
  }
  return p;
}

PriceSchedule flat_price(double per_kwh) {
  PriceSchedule s;
  s.kind = PriceSchedule::Kind::Flat;
  s.flat_per_kwh = per_kwh;
  return s;
}

PriceSchedule table_price(std::vector<HourlyPrice> hours, const LocalZone& zone) {
  std::sort(hours.begin(), hours.end(),
            [](const HourlyPrice& a, const HourlyPrice& b) { return a.start < b.start; });
  PriceSchedule s;
  s.kind = PriceSchedule::Kind::Table;
  s.zone = zone;
  s.profile = profile_from_table(hours, zone);
  s.table = std::move(hours);
  return s;
}

PriceSchedule profile_price(const LocalHourProfile& profile, const LocalZone& zone) {
  PriceSchedule s;
  s.kind = PriceSchedule::Kind::Profile;
  s.profile = profile;
  s.zone = zone;
  return s;
}

double price_at(const PriceSchedule& s, TimePoint utc) {
  switch (s.kind) {
    case PriceSchedule::Kind::Flat:
      return s.flat_per_kwh;
    case PriceSchedule::Kind::Profile:
      return profile_lookup(s.profile, s.zone, utc);
    case PriceSchedule::Kind::Table:
      break;
  }
  const TimePoint hour = chr::floor<chr::hours>(utc);
  const auto it = std::lower_bound(s.table.begin(), s.table.end(), hour,
                                   [](const HourlyPrice& h, TimePoint t) { return h.start < t; });
  if (it != s.table.end() && it->start == hour) return it->per_kwh;
  return profile_lookup(s.profile, s.zone, utc);
}

Tariff flat_tariff(double import_per_kwh, double export_per_kwh) {
  return {"flat", flat_price(import_per_kwh), flat_price(export_per_kwh)};
}

LocalHourProfile pge_tou_import_profile() {
  LocalHourProfile p;
  for (unsigned month = 1; month <= 12; ++month) {
    const bool summer = month >= 6 && month <= 9;
    const double peak = summer ? 0.60 : 0.49;
    const double off_peak = summer ? 0.50 : 0.46;
    for (DayType day : {DayType::Weekday, DayType::WeekendOrHoliday}) {
      for (unsigned hour = 0; hour < 24; ++hour) {
        p.at(month, day, hour) = (hour >= 16 && hour < 21) ? peak : off_peak;
      }
    }
  }
  return p;
}

Tariff tou_tariff(std::vector<HourlyPrice> export_hours, const LocalZone& pacific) {
  return {"tou-nbt", profile_price(pge_tou_import_profile(), pacific),
          table_price(std::move(export_hours), pacific)};
}

double import_price_at(const Tariff& tariff, TimePoint utc) {
  return price_at(tariff.import_price, utc);
}

double export_price_at(const Tariff& tariff, TimePoint utc) {
  return price_at(tariff.export_price, utc);
}

GridCost& GridCost::operator+=(const GridCost& o) {
  import_kwh += o.import_kwh;
  export_kwh += o.export_kwh;
  import_cost += o.import_cost;
  export_credit += o.export_credit;
  return *this;
}

GridCost grid_cost(const Tariff& tariff, TimePoint start, double grid_w, double dt_s) {
  GridCost cost;
  if (dt_s <= 0 || grid_w == 0) return cost;
  double done_s = 0;
  while (done_s < dt_s) {
    const double t = static_cast<double>(start.time_since_epoch().count()) + done_s;
    const double hour_end = (std::floor(t / 3600.0) + 1.0) * 3600.0;
    const double seg_s = std::min(dt_s - done_s, hour_end - t);
    const TimePoint at{Seconds{static_cast<long long>(std::floor(t))}};
    const double kwh = std::abs(grid_w) * seg_s / kJoulesPerKwh;
    if (grid_w > 0) {
      cost.import_kwh += kwh;
      cost.import_cost += kwh * import_price_at(tariff, at);
    } else {
      cost.export_kwh += kwh;
      cost.export_credit += kwh * export_price_at(tariff, at);
    }
    done_s += seg_s;
  }
  return cost;
}

}  // namespace p15
