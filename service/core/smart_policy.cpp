#include "service/core/smart_policy.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "service/core/command_plan.h"
#include "service/core/local_time.h"
#include "service/core/smart_battery.h"
#include "service/core/smart_pacing.h"
#include "service/core/smart_plan.h"
#include "service/core/smart_surplus.h"

namespace p15 {

namespace smart {

double need_kwh(const VehicleReading& car, double target_soc, const SmartSettings& s) {
  if (car.charging_state == ChargingState::Complete) return 0;
  return std::max(0.0, target_soc - car.battery_level) / 100 * s.car_battery_kwh /
         s.charger_efficiency;
}

double target_soc(std::optional<double> owner_target, const VehicleReading& car,
                  const SmartSettings& s) {
  if (owner_target) return *owner_target;
  if (s.target_soc > 0) return s.target_soc;
  return car.charge_limit_soc > 0 ? car.charge_limit_soc : 80;
}

}  // namespace smart

namespace {

using namespace smart;  // NOLINT: this file implements them

// Everything one decision looks at, computed once.
struct Inputs {
  ChargeMode mode = ChargeMode::Solar;
  double house_w = 0, surplus_w = 0, surplus_avg_w = 0, export_avg_w = 0;
  bool export_only = false;  // leave the Powerwall's room for tonight's hand-over (rule 2)
  double allowance_wh = 0;
  double target_soc = 0, need_kwh = 0;
  std::optional<TimePoint> departure;
  GridPlan grid;
  double export_now = 0;
};

std::optional<TimePoint> departure_of(const Snapshot& s, ChargeMode mode, const SmartSettings& st) {
  if (s.plan.departure) return s.plan.departure;
  if (mode == ChargeMode::Plan && st.departure_local) {
    return next_daily(st.tariff.import_price.zone, s.now, *st.departure_local);
  }
  return std::nullopt;
}

// Whether it is night and the car leaves before the sun has been up for `sun_before_departure`.
bool dark_until(TimePoint departure, const PolicyMemory& learned, TimePoint now,
                const SmartSettings& st) {
  // Before the afternoon, most of today's solar is still to come.
  constexpr Seconds kAfternoon{8 * 3600};
  if (learned.sun_up.value_or(false) && learned.sun_changed_at &&
      now - *learned.sun_changed_at < kAfternoon) {
    return false;
  }
  const double hours_left = static_cast<double>((departure - now).count()) / 3600.0;
  const double sun_h = static_cast<double>(st.sun_before_departure.count()) / 3600.0;
  return hours_left <= hours_to_sunrise(learned, now) + sun_h;
}

// The Powerwall's spare energy for a car with a departure. The house keeps what it needs until
// sunrise in the hours that cost more than the car's cheapest grid hour: in the others, a kWh the
// house imports because the car took it from the Powerwall costs what the car would pay anyway.
// None while the sun will return before the departure: solar straight into the car beats a cycle
// through the Powerwall (10 % lost).
double spare_before_departure(const Snapshot& s, const PolicyMemory& learned, const Inputs& in,
                              const SmartSettings& st) {
  if (!dark_until(*in.departure, learned, s.now, st)) return 0;
  const TimePoint sunrise =
      s.now + Seconds{static_cast<long long>(hours_to_sunrise(learned, s.now) * 3600)};
  const double hours = hours_pricier_than(st.tariff, s.now, sunrise, in.grid.cheapest_per_kwh);
  return battery_allowance_wh(s.powerwall, learned, in.house_w, hours, st);
}

// What a full Powerwall would hand the car on the last night before the departure: 0 when the car
// leaves before that night has begun or long after it ended. While the car needs no more than
// that, it takes only the solar the Powerwall cannot store: the Powerwall fills, tonight its
// energy goes to the car and tomorrow's solar refills it, where a car filled first would leave
// the Powerwall's energy to displace tomorrow's solar into export.
double handover_wh(const Snapshot& s, const PolicyMemory& learned, const Inputs& in,
                   const SmartSettings& st) {
  const std::optional<double> dark_h = last_night_before_h(learned, s.now, *in.departure);
  const double sun_h = static_cast<double>(st.sun_before_departure.count()) / 3600.0;
  // A departure soon after sunset leaves the house its evening on the Powerwall instead.
  constexpr double kMinDarkH = 6;
  if (!dark_h || *dark_h < kMinDarkH || *dark_h > night_hours(learned) + sun_h) return 0;
  // Only worth it when the sun fills the Powerwall (it did within a day): in a dull spell the
  // Powerwall's room is never short and the detour through it only loses 10 %.
  PowerwallReading full = s.powerwall;
  full.energy_left_wh = full.total_pack_energy_wh;
  const TimePoint sunset = *in.departure - Seconds{static_cast<long long>(*dark_h * 3600)};
  const double hours =
      hours_pricier_than(st.tariff, sunset, *in.departure, in.grid.cheapest_per_kwh);
  const double night_w = learned.night_load_w.value_or(in.house_w);
  const double rate_wh = std::max(0.0, st.powerwall_max_discharge_w - night_w) * *dark_h;
  return std::min(rate_wh, battery_allowance_wh(full, learned, in.house_w, hours, st));
}

Inputs gather(const Snapshot& s, const PolicyMemory& fresh, PolicyMemory& out,
              const SmartSettings& st) {
  Inputs in;
  const VehicleReading& car = s.vehicle;
  in.mode = s.plan.mode.value_or(st.mode);
  in.house_w = house_w(s.powerwall, car, st);
  in.surplus_w = surplus_w(s.powerwall, car, st);
  const Seconds dt = fresh.decided_at ? s.now - *fresh.decided_at : Seconds{0};
  in.surplus_avg_w = smooth(fresh.surplus_avg_w, in.surplus_w, dt, st.smoothing);
  out.surplus_avg_w = in.surplus_avg_w;
  in.export_avg_w =
      smooth(fresh.export_avg_w, export_surplus_w(s.powerwall, car, st), dt, st.smoothing);
  out.export_avg_w = in.export_avg_w;
  learn_sun(s.memory, s.powerwall, in.house_w, s.now, out);
  in.target_soc = target_soc(s.plan.target_soc, s.vehicle, st);
  in.need_kwh = need_kwh(car, in.target_soc, st);
  in.departure = departure_of(s, in.mode, st);
  const bool plugged = car.charging_state != ChargingState::Disconnected;
  if (!in.departure || !plugged) {
    in.allowance_wh =
        battery_allowance_wh(s.powerwall, out, in.house_w, hours_to_sunrise(out, s.now), st);
    return in;
  }
  in.export_now = export_price_at(st.tariff, s.now);
  in.grid = plan_grid(st.tariff, s.now, *in.departure, 0, 0, st.plan_slack);
  in.allowance_wh = spare_before_departure(s, out, in, st);
  const double handover = handover_wh(s, out, in, st);
  in.export_only = handover > 0 && in.need_kwh * 1000 <= st.handover_share * handover;
  // Half a percent more than the reported (rounded) level says, so rounding never leaves a gap.
  const double rounding = in.need_kwh > 0 ? 0.005 * st.car_battery_kwh / st.charger_efficiency : 0;
  const double grid_kwh = in.need_kwh + rounding - std::max(0.0, in.allowance_wh) / 1000;
  const double max_w = max_amps(car, st) * voltage(car, st);
  in.grid = plan_grid(st.tariff, s.now, *in.departure, grid_kwh, max_w, st.plan_slack);
  return in;
}

// The car already draws the grid at full current in an hour as cheap as any before the
// departure, with grid energy still needed: going on costs what a later hour of that price
// would, while a stop now (plan_grid's latest-first ties) and a start later cost two commands
// and, if the car falls asleep between, a wake-up; with the day's wake budget spent, the start
// is never sent and the car leaves short (bench/README.md, the Ausgrid commuter in July).
bool on_grid_at_cheapest(const Inputs& in, const Snapshot& s, const SmartSettings& st) {
  const VehicleReading& car = s.vehicle;
  if (!in.departure || in.grid.hours_needed <= 0 || !in.grid.now_cheapest) return false;
  if (!is_charging(car.charging_state)) return false;
  return car.charger_actual_current >= max_amps(car, st) - 1 &&
         s.powerwall.grid_w >= 0.5 * car_draw_w(car, st);
}

// Rules 1-4 of smart_policy.h: the current wanted now, before hysteresis.
Want want_of(const Inputs& in, const Snapshot& s, const SmartSettings& st) {
  const VehicleReading& car = s.vehicle;
  const int top = max_amps(car, st);
  const double v = voltage(car, st);
  if (in.mode == ChargeMode::Off) return {0, true, "mode off"};
  if (in.mode == ChargeMode::Fast) return {top, true, "mode fast"};
  if (in.departure && in.grid.charge_now) return {top, true, "cheapest grid hour before departure"};
  if (on_grid_at_cheapest(in, s, st)) return {top, true, "cheapest grid price, going on"};
  Want w{0, false, "no surplus"};
  const bool export_pays = in.departure && in.export_now > in.grid.cheapest_per_kwh;
  const double solar_w = in.export_only ? in.export_avg_w : in.surplus_avg_w;
  int solar = std::clamp(static_cast<int>(std::floor(solar_w / v)), 0, top);
  // A full Powerwall exports what the car cannot take below its minimum current: round up, the
  // Powerwall gives the difference and the sun refills it.
  if (solar < st.min_amps && s.powerwall.percentage_charged >= st.full_percent &&
      solar_w >= st.full_round_up * st.min_amps * v) {
    solar = std::min(st.min_amps, top);  // never above the car's maximum (a fuzz finding)
  }
  if (solar > 0 && !export_pays) {
    w = {solar, false, in.export_only ? "surplus the Powerwall cannot store" : "surplus"};
  }
  // Spare Powerwall energy: a kWh to start, anything above the floor to go on.
  const bool charging = is_charging(car.charging_state);
  if (in.allowance_wh > (charging ? 0.0 : 1000.0)) {
    // What the Powerwall can give beside the house, plus any solar: the home does not import.
    const double room_w = st.powerwall_max_discharge_w + s.powerwall.solar_w - in.house_w;
    const int spare = std::clamp(static_cast<int>(std::floor(room_w / v)), 0, top);
    if (spare > w.amps) w = {spare, false, "spare Powerwall energy"};
  }
  if (in.mode == ChargeMode::SolarMin && w.amps < st.min_amps) {
    w = {std::min(st.min_amps, top), true, "solar+min floor"};  // never above the car's maximum
  }
  return w;
}

std::vector<Feature> features_of(const Snapshot& s, const Inputs& in, const Want& w) {
  const auto& pw = s.powerwall;
  std::vector<Feature> f = {
      {"mode", to_string(in.mode)},
      {"solar_power_w", pw.solar_w},
      {"load_power_w", pw.load_w},
      {"grid_power_w", pw.grid_w},
      {"battery_power_w", pw.battery_w},
      {"house_w", in.house_w},
      {"surplus_w", in.surplus_w},
      {"surplus_avg_w", in.surplus_avg_w},
      {"powerwall_spare_wh", in.allowance_wh},
      {"need_kwh", in.need_kwh},
      {"target_soc", in.target_soc},
      {"wanted_amps", static_cast<double>(w.amps)},
      {"why", w.why},
      {"charging_state", to_string(s.vehicle.charging_state)},
      {"battery_row_id", static_cast<double>(pw.row_id)},
      {"vehicle_row_id", static_cast<double>(s.vehicle.row_id)},
  };
  if (in.departure) {
    f.push_back({"departure_in_h", static_cast<double>((*in.departure - s.now).count()) / 3600.0});
    f.push_back({"grid_hours_needed", in.grid.hours_needed});
  }
  return f;
}

}  // namespace

Decision SmartPolicy::decide(const Snapshot& s) const {
  PolicyMemory fresh = s.memory;
  if (!fresh.decided_at || s.now - *fresh.decided_at > settings_.memory_max_age) fresh = {};
  Decision d;
  d.policy = name();
  d.memory.decided_at = s.now;
  const Inputs in = gather(s, fresh, d.memory, settings_);
  const Want w = want_of(in, s, settings_);
  const ChargingState state = s.vehicle.charging_state;
  if (state == ChargingState::Stopped) {
    decide_stopped(w, fresh, s.now, settings_, d);
  } else if (is_charging(state)) {
    decide_charging(w, s, fresh, settings_, d);
  } else {
    d.reason = "car is " + to_string(state) + ": nothing to do";
  }
  d.features = features_of(s, in, w);
  return d;
}

}  // namespace p15
