#include "bench/horizon.h"

#include <algorithm>

#include "service/config/time_zones.h"
#include "sim/car_model.h"
#include "sim/simulation.h"

namespace p15::bench {

namespace chr = std::chrono;

std::string to_string(Profile p) { return p == Profile::Commute ? "commute" : "home"; }

namespace {

bool is_weekend(LocalSeconds local) {
  const chr::weekday wd{chr::floor<chr::days>(local)};
  return wd == chr::Saturday || wd == chr::Sunday;
}

}  // namespace

bool plugged_at(Profile profile, LocalSeconds local) {
  const Seconds tod = local - chr::floor<chr::days>(local);
  if (profile == Profile::Commute) {
    const bool away = tod >= chr::hours{7} && tod < chr::hours{18};
    return is_weekend(local) || !away;
  }
  return !(tod >= chr::hours{18} && tod < chr::hours{20});
}

void derive_sessions(Horizon& h, const EvProfile& ev) {
  h.sessions.clear();
  h.trips_kwh.clear();
  std::uint64_t rng = ev.seed;
  const double eff = h.home.car.charger_efficiency;
  const int n = static_cast<int>(h.slots.size());
  double need_ac = 0;  // the car starts the horizon at its target
  for (int i = 0; i < n;) {
    if (!h.slots[i].plugged) {
      ++i;
      continue;
    }
    Session s;
    s.first_slot = i;
    while (i < n && h.slots[i].plugged) ++i;
    s.end_slot = i;
    s.need_ac_kwh = need_ac;
    s.topup_per_kwh = h.slots[i < n ? i : n - 1].import_per_kwh;
    h.sessions.push_back(s);
    if (i < n) {
      // A departure: the next session must put back what this day's driving takes.
      const double trip =
          ev.trip_kwh_min + (ev.trip_kwh_max - ev.trip_kwh_min) * sim::uniform01(rng);
      h.trips_kwh.push_back(trip);
      need_ac = trip / eff;
    }
  }
}

namespace {

// Each local day's lowest and highest import price decide its peak slots.
void mark_peaks(Horizon& h) {
  const int n = static_cast<int>(h.slots.size());
  for (int first = 0; first < n;) {
    const auto day = chr::floor<chr::days>(to_local(h.zone, h.slot_time(first)));
    int end = first;
    double lo = h.slots[first].import_per_kwh, hi = lo;
    for (; end < n && chr::floor<chr::days>(to_local(h.zone, h.slot_time(end))) == day; ++end) {
      lo = std::min(lo, h.slots[end].import_per_kwh);
      hi = std::max(hi, h.slots[end].import_per_kwh);
    }
    bool peak_ahead = false;  // walking the day backwards
    for (int k = end - 1; k >= first; --k) {
      const sim::GridHour g =
          sim::grid_hour(h.slots[k].import_per_kwh, h.slots[k].export_per_kwh, lo, hi, peak_ahead);
      h.slots[k].day_varies = g.day_varies;
      h.slots[k].peak = g.peak;
      h.slots[k].before_peak = g.before_peak;
      peak_ahead = peak_ahead || g.peak;
    }
    first = end;
  }
}

}  // namespace

Horizon build_horizon(const sim::HouseholdSeries& series, const std::string& dataset,
                      const Tariff& tariff, const EvProfile& ev, LocalSeconds start_local, int days,
                      const HomeSetup& home) {
  Horizon h;
  h.dataset = dataset;
  h.tariff = tariff.name;
  h.profile = ev.profile;
  h.zone = us_pacific_zone();
  h.home = home;
  h.start = sim::home_time(h.zone, start_local);
  const int n = days * 48;
  h.slots.resize(n);
  for (int k = 0; k < n; ++k) {
    const TimePoint utc = h.slot_time(k);
    const LocalSeconds local = to_local(h.zone, utc);
    const sim::HouseholdSample& x = sim::sample_at(series, sim::dataset_time(series, local));
    Slot& s = h.slots[k];
    s.solar_w = std::max(0.0, x.solar_w);
    s.house_w = std::max(0.0, x.load_w);
    s.import_per_kwh = import_price_at(tariff, utc);
    s.export_per_kwh = export_price_at(tariff, utc);
    s.plugged = plugged_at(ev.profile, local);
    s.weekend = is_weekend(local);
  }
  mark_peaks(h);
  derive_sessions(h, ev);
  return h;
}

LocalSeconds default_start(sim::Dataset dataset) {
  const chr::year_month_day day = dataset == sim::Dataset::Opsd ? chr::year{2016} / chr::January / 1
                                                                : chr::year{2011} / chr::July / 1;
  return LocalSeconds{chr::sys_days{day}.time_since_epoch()};
}

}  // namespace p15::bench
