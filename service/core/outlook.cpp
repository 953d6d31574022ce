#include "service/core/outlook.h"

#include <algorithm>

#include "service/core/smart_surplus.h"

namespace p15 {

namespace chr = std::chrono;

namespace {
constexpr Seconds kHour{3600};

TimePoint hour_start(TimePoint t) { return chr::floor<chr::hours>(t); }
}  // namespace

HourKey hour_key(const LocalZone& zone, TimePoint t) {
  const TimePoint start = hour_start(t);
  const LocalSeconds local = to_local(zone, start);
  const auto day = chr::floor<chr::days>(local);
  const chr::weekday wd{day};
  const auto hour = chr::duration_cast<chr::hours>(local - day).count();
  return {start, static_cast<int>(hour), wd == chr::Saturday || wd == chr::Sunday};
}

namespace {

struct DayRange {
  double lo = 0, hi = 0;
};

// The local day's lowest and highest import price, from its 24 hours' middles.
DayRange day_import_range(const Tariff& tariff, chr::local_days day) {
  const LocalZone& zone = tariff.import_price.zone;
  DayRange r{1e18, -1e18};
  for (int h = 0; h < 24; ++h) {
    const LocalSeconds local = day + chr::hours{h} + chr::minutes{30};
    const double p = import_price_at(tariff, to_utc(zone, local).earlier);
    r.lo = std::min(r.lo, p);
    r.hi = std::max(r.hi, p);
  }
  return r;
}

}  // namespace

GridHour grid_hour_at(const Tariff& tariff, TimePoint t) {
  const LocalZone& zone = tariff.import_price.zone;
  const LocalSeconds local = to_local(zone, t);
  const auto day = chr::floor<chr::days>(local);
  const DayRange range = day_import_range(tariff, day);
  const auto hour = chr::floor<chr::hours>(local - day).count();
  bool peak_ahead = false;
  for (auto h = hour + 1; h < 24 && !peak_ahead; ++h) {
    const LocalSeconds mid = day + chr::hours{h} + chr::minutes{30};
    peak_ahead =
        grid_hour(import_price_at(tariff, to_utc(zone, mid).earlier), 0, range.lo, range.hi, false)
            .peak;
  }
  return grid_hour(import_price_at(tariff, t), export_price_at(tariff, t), range.lo, range.hi,
                   peak_ahead);
}

std::vector<OutlookHour> outlook_periods(const Tariff& tariff, TimePoint now, int hours) {
  std::vector<OutlookHour> out;
  std::optional<chr::local_days> day;
  DayRange range;
  TimePoint at = now;
  const TimePoint end = hour_start(now) + kHour * hours;
  while (at < end) {
    const TimePoint next = std::min(end, hour_start(at) + kHour);
    OutlookHour h;
    h.start = at;
    h.hours = static_cast<double>((next - at).count()) / 3600.0;
    h.import_per_kwh = import_price_at(tariff, at);
    h.export_per_kwh = export_price_at(tariff, at);
    const auto local_day = chr::floor<chr::days>(to_local(tariff.import_price.zone, at));
    if (day != local_day) range = day_import_range(tariff, local_day);
    day = local_day;
    // The day's last peak hour being ahead or not does not change whether this one exports.
    h.battery_export = battery_export_hour(
        grid_hour(h.import_per_kwh, h.export_per_kwh, range.lo, range.hi, false));
    out.push_back(h);
    at = next;
  }
  return out;
}

void HourAccumulator::roll(TimePoint h, std::vector<HourEnergy>& ended) {
  if (hour_ && *hour_ != h) {
    if (covered_s_ >= 1800) {
      const double scale = 3600.0 / covered_s_;
      ended.push_back({hour_key(zone_, *hour_), solar_wh_ * scale, house_wh_ * scale});
    }
    solar_wh_ = house_wh_ = covered_s_ = 0;
  }
  hour_ = h;
}

void HourAccumulator::credit(TimePoint from, TimePoint to, double solar_w, double house_w,
                             std::vector<HourEnergy>& ended) {
  while (from < to) {
    const TimePoint h = hour_start(from);
    roll(h, ended);
    const TimePoint until = std::min(to, h + kHour);
    const double s = static_cast<double>((until - from).count());
    solar_wh_ += solar_w * s / 3600.0;
    house_wh_ += house_w * s / 3600.0;
    covered_s_ += s;
    from = until;
  }
}

std::vector<HourEnergy> HourAccumulator::add(TimePoint at, double solar_w, double house_w) {
  std::vector<HourEnergy> ended;
  if (last_ && at <= *last_) return ended;  // the same row again, or time went back
  // A gap is not counted, but it still closes the hours it passes.
  const TimePoint from = last_ && at - *last_ <= max_gap_ ? *last_ : at;
  if (from == at) roll(hour_start(at), ended);
  credit(from, at, std::max(0.0, solar_w), std::max(0.0, house_w), ended);
  last_ = at;
  return ended;
}

namespace {

// When the gateway measured, else when the collector wrote the row.
TimePoint reading_at(const PowerwallReading& pw) { return pw.reading_time.value_or(pw.row_time); }

}  // namespace

HomeReading home_reading(const PowerwallReading& pw, const VehicleReading& car) {
  return {reading_at(pw), pw.solar_w, smart::house_w(pw, car, SmartSettings{})};
}

std::vector<HomeReading> home_readings(const PowerDayRows& rows, long long& skipped) {
  std::vector<const VehicleReading*> cars;
  for (const auto& car : rows.vehicle) {
    if (car.ok()) cars.push_back(&*car);
  }
  const auto stamp = [](const VehicleReading* c) { return c->row_time; };
  std::stable_sort(cars.begin(), cars.end(),
                   [&](const auto* a, const auto* b) { return stamp(a) < stamp(b); });
  std::vector<const PowerwallReading*> pws;
  for (const auto& pw : rows.powerwall) {
    if (pw.ok()) {
      pws.push_back(&*pw);
    } else {
      ++skipped;
    }
  }
  std::stable_sort(pws.begin(), pws.end(),
                   [](const auto* a, const auto* b) { return reading_at(*a) < reading_at(*b); });
  std::vector<HomeReading> out;
  out.reserve(pws.size());
  const VehicleReading idle;  // no car row yet: nothing drawn
  std::size_t c = 0;
  for (const PowerwallReading* pw : pws) {
    while (c < cars.size() && cars[c]->row_time <= pw->row_time) ++c;
    const VehicleReading& car = c > 0 ? *cars[c - 1] : idle;
    out.push_back(home_reading(*pw, car));
  }
  return out;
}

LearnedOutlook::LearnedOutlook(Tariff tariff, LocalZone zone,
                               std::unique_ptr<Forecaster> forecaster, int horizon_h, int min_hours)
    : tariff_(std::move(tariff)),
      zone_(std::move(zone)),
      forecaster_(std::move(forecaster)),
      hours_(zone_),
      horizon_h_(horizon_h),
      min_hours_(min_hours) {}

void LearnedOutlook::observe(const Snapshot& s) {
  const HomeReading r = home_reading(s.powerwall, s.vehicle);
  observe(r.at, r.solar_w, r.house_w);
}

void LearnedOutlook::observe(TimePoint at, double solar_w, double house_w) {
  for (const HourEnergy& h : hours_.add(at, solar_w, house_w)) {
    forecaster_->observe(h);
    ++learned_;
  }
}

std::shared_ptr<const Outlook> LearnedOutlook::outlook(TimePoint now) const {
  if (learned_ < min_hours_) return nullptr;
  auto o = std::make_shared<Outlook>();
  o->made_at = now;
  o->source = forecaster_->name();
  o->hours = outlook_periods(tariff_, now, horizon_h_);
  std::vector<HourKey> keys;
  keys.reserve(o->hours.size());
  for (const OutlookHour& h : o->hours) keys.push_back(hour_key(zone_, h.start));
  const std::vector<HourForecast> f = forecaster_->forecast(keys);
  for (std::size_t i = 0; i < o->hours.size(); ++i) {
    o->hours[i].solar_wh = f[i].solar_wh * o->hours[i].hours;
    o->hours[i].house_wh = f[i].house_wh * o->hours[i].hours;
  }
  return o;
}

}  // namespace p15
