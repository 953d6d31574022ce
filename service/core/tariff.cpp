#include "service/core/tariff.h"

#include <algorithm>
#include <cmath>

namespace p15 {

namespace chr = std::chrono;

namespace {

constexpr double kJoulesPerKwh = 3.6e6;

chr::sys_days rule_day(int year, const TransitionRule& r) {
  const chr::year y{year};
  const chr::month m{r.month};
  const chr::weekday wd{r.weekday};
  if (r.week >= 5) return chr::sys_days{chr::year_month_weekday_last{y, m, wd[chr::last]}};
  return chr::sys_days{chr::year_month_weekday{y, m, wd[r.week]}};
}

// The UTC instant of a transition in `year`, given the offset in force before it.
TimePoint transition_utc(int year, const TransitionRule& r, Seconds offset_before) {
  return TimePoint{rule_day(year, r).time_since_epoch()} + r.at_wall - offset_before;
}

bool in_dst(const LocalZone& z, TimePoint utc) {
  if (z.dst_offset == z.standard_offset) return false;
  // Transitions never fall near New Year, so the standard-time year is the rule year.
  const auto local_day = chr::floor<chr::days>(utc + z.standard_offset);
  const int year = static_cast<int>(chr::year_month_day{local_day}.year());
  const TimePoint start = transition_utc(year, z.dst_start, z.standard_offset);
  const TimePoint end = transition_utc(year, z.dst_end, z.dst_offset);
  if (start < end) return utc >= start && utc < end;  // northern hemisphere
  return utc >= start || utc < end;                   // southern: DST spans New Year
}

chr::year_month_day nth_weekday(int year, unsigned month, unsigned weekday, unsigned n) {
  const chr::weekday wd{weekday};
  if (n >= 5) {
    return chr::year_month_day{chr::sys_days{
        chr::year_month_weekday_last{chr::year{year}, chr::month{month}, wd[chr::last]}}};
  }
  return chr::year_month_day{
      chr::sys_days{chr::year_month_weekday{chr::year{year}, chr::month{month}, wd[n]}}};
}

// A fixed-date holiday, moved to Monday when it falls on a Sunday.
bool is_fixed_holiday(chr::year_month_day day, unsigned month, unsigned dom) {
  const chr::year_month_day date{day.year(), chr::month{month}, chr::day{dom}};
  chr::sys_days observed{date};
  if (chr::weekday{observed} == chr::Sunday) observed += chr::days{1};
  return chr::sys_days{day} == observed;
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

LocalZone us_pacific_zone() {
  return {"America/Los_Angeles", chr::hours{-8}, chr::hours{-7},
          TransitionRule{3, 2, 0, chr::hours{2}}, TransitionRule{11, 1, 0, chr::hours{2}}};
}

LocalZone europe_berlin_zone() {
  return {"Europe/Berlin", chr::hours{1}, chr::hours{2}, TransitionRule{3, 5, 0, chr::hours{2}},
          TransitionRule{10, 5, 0, chr::hours{3}}};
}

LocalZone australia_sydney_zone() {
  return {"Australia/Sydney", chr::hours{10}, chr::hours{11},
          TransitionRule{10, 1, 0, chr::hours{2}}, TransitionRule{4, 1, 0, chr::hours{3}}};
}

Seconds utc_offset(const LocalZone& zone, TimePoint utc) {
  return in_dst(zone, utc) ? zone.dst_offset : zone.standard_offset;
}

LocalSeconds to_local(const LocalZone& zone, TimePoint utc) {
  return LocalSeconds{(utc + utc_offset(zone, utc)).time_since_epoch()};
}

LocalToUtc to_utc(const LocalZone& zone, LocalSeconds local) {
  LocalToUtc out;
  // Try both offsets; a candidate is real when the zone agrees on its offset.
  const Seconds offsets[2] = {std::max(zone.standard_offset, zone.dst_offset),
                              std::min(zone.standard_offset, zone.dst_offset)};
  for (const Seconds off : offsets) {
    const TimePoint candidate{local.time_since_epoch() - off};
    if (utc_offset(zone, candidate) != off) continue;
    if (out.matches == 0) {
      out.earlier = out.later = candidate;
      out.matches = 1;
    } else if (candidate != out.earlier) {
      out.later = candidate;
      out.matches = 2;
    }
  }
  return out;
}

bool is_pge_holiday(chr::year_month_day day) {
  const int y = static_cast<int>(day.year());
  const unsigned m = static_cast<unsigned>(day.month());
  if (is_fixed_holiday(day, 1, 1) || is_fixed_holiday(day, 7, 4) || is_fixed_holiday(day, 11, 11) ||
      is_fixed_holiday(day, 12, 25)) {
    return true;
  }
  switch (m) {
    case 2:
      return day == nth_weekday(y, 2, 1, 3);  // Presidents Day: 3rd Monday
    case 5:
      return day == nth_weekday(y, 5, 1, 5);  // Memorial Day: last Monday
    case 9:
      return day == nth_weekday(y, 9, 1, 1);  // Labor Day: 1st Monday
    case 11:
      return day == nth_weekday(y, 11, 4, 4);  // Thanksgiving: 4th Thursday
    default:
      return false;
  }
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

Tariff tou_tariff(std::vector<HourlyPrice> export_hours) {
  return {"tou-nbt", profile_price(pge_tou_import_profile()), table_price(std::move(export_hours))};
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
