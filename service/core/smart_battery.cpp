#include "service/core/smart_battery.h"

#include <algorithm>
#include <cmath>

#include "service/core/smart_surplus.h"

namespace p15::smart {

namespace {
constexpr long long kDay = 86400;
// A sunrise counts only after a real night: a cloud at noon is not a sunrise.
constexpr Seconds kMinNight{4 * 3600};
constexpr Seconds kNightLoadTau{3 * 3600};
constexpr double kDefaultNightHours = 12;
constexpr double kFullPercent = 99.5;
// Stored energy per delivered Wh: the discharge half of the Powerwall's 90 % round trip.
constexpr double kDischargeLoss = 1.054;

long long utc_time_of_day(TimePoint t) {
  const long long s = t.time_since_epoch().count() % kDay;
  return s < 0 ? s + kDay : s;
}
}  // namespace

bool sun_up(const PowerwallReading& pw, double house_w) { return pw.solar_w > house_w + 50; }

void learn_sun(const PolicyMemory& past, const PowerwallReading& pw, double house_w, TimePoint now,
               PolicyMemory& out) {
  const bool up = sun_up(pw, house_w);
  out.sunrise_utc = past.sunrise_utc;
  out.powerwall_full_at = pw.percentage_charged >= kFullPercent ? now : past.powerwall_full_at;
  out.sunset_utc = past.sunset_utc;
  out.night_load_w = past.night_load_w;
  const bool flipped = !past.sun_up || *past.sun_up != up;
  out.sun_up = up;
  out.sun_changed_at = flipped ? now : past.sun_changed_at.value_or(now);
  if (flipped && up && past.sun_up && past.sun_changed_at &&
      now - *past.sun_changed_at >= kMinNight) {
    out.sunrise_utc = Seconds{utc_time_of_day(now)};
    // The night that just ended began at the sunset: a cloud at noon is no sunset either.
    out.sunset_utc = Seconds{utc_time_of_day(*past.sun_changed_at)};
  }
  if (!up) {
    const Seconds dt = past.decided_at ? now - *past.decided_at : Seconds{0};
    out.night_load_w = smooth(past.night_load_w, house_w, dt, kNightLoadTau);
  }
}

double hours_to_sunrise(const PolicyMemory& memory, TimePoint now) {
  if (!memory.sunrise_utc) return kDefaultNightHours;
  long long wait = memory.sunrise_utc->count() - utc_time_of_day(now);
  if (wait <= 0) wait += kDay;
  return static_cast<double>(wait) / 3600.0;
}

std::optional<double> last_night_before_h(const PolicyMemory& memory, TimePoint now,
                                          TimePoint departure) {
  if (!memory.sunset_utc || !memory.sunrise_utc || departure <= now) return std::nullopt;
  long long dark = utc_time_of_day(departure) - memory.sunset_utc->count();
  if (dark < 0) dark += kDay;
  if (departure - Seconds{dark} < now) return std::nullopt;  // that sunset is already past
  return static_cast<double>(dark) / 3600.0;
}

double night_hours(const PolicyMemory& memory) {
  if (!memory.sunset_utc || !memory.sunrise_utc) return kDefaultNightHours;
  long long n = memory.sunrise_utc->count() - memory.sunset_utc->count();
  if (n <= 0) n += kDay;
  return static_cast<double>(n) / 3600.0;
}

double battery_allowance_wh(const PowerwallReading& pw, const PolicyMemory& memory, double house_w,
                            double house_hours, const SmartSettings& s) {
  const double reserve = pw.total_pack_energy_wh * pw.backup_reserve_percent / 100;
  const double night_w = memory.night_load_w.value_or(house_w);
  const double house_need = night_w * house_hours * kDischargeLoss;
  return pw.energy_left_wh - reserve - s.floor_margin_wh - house_need;
}

}  // namespace p15::smart
