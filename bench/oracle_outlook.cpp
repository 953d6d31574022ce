#include "bench/oracle_outlook.h"

#include <algorithm>
#include <cmath>

namespace p15::bench {

HourForecast horizon_energy(const Horizon& h, TimePoint from, TimePoint to) {
  HourForecast e;
  const long long n = static_cast<long long>(h.slots.size());
  for (TimePoint at = from; at < to;) {
    const long long k = (at - h.start) / kSlot;
    const TimePoint slot_end = h.slot_time(static_cast<int>(k)) + kSlot;
    const TimePoint until = std::min(to, slot_end);
    if (k >= 0 && k < n) {
      const double hours = static_cast<double>((until - at).count()) / 3600.0;
      e.solar_wh += h.slots[k].solar_w * hours;
      e.house_wh += h.slots[k].house_w * hours;
    }
    at = until;
  }
  return e;
}

std::shared_ptr<const Outlook> OracleOutlook::outlook(TimePoint now) const {
  auto o = std::make_shared<Outlook>();
  o->made_at = now;
  o->source = "oracle";
  o->hours = outlook_periods(tariff_, now, horizon_h_);
  for (OutlookHour& p : o->hours) {
    const HourForecast e =
        horizon_energy(h_, p.start, p.start + Seconds{std::llround(p.hours * 3600)});
    p.solar_wh = e.solar_wh;
    p.house_wh = e.house_wh;
  }
  return o;
}

}  // namespace p15::bench
