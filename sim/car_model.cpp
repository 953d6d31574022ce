#include "sim/car_model.h"

#include <algorithm>
#include <cmath>

namespace p15::sim {

namespace chr = std::chrono;

namespace {

struct Ramp {
  double average_a = 0;
  double end_a = 0;
};

// The current moves linearly from `from` toward `to` at `rate` A/s; its average over dt_s.
Ramp ramp(double from, double to, double rate, double dt_s) {
  if (rate <= 0 || dt_s <= 0) return {to, to};
  const double reach_s = std::abs(to - from) / rate;
  if (reach_s >= dt_s) {
    const double end = from + (to > from ? rate : -rate) * dt_s;
    return {(from + end) / 2.0, end};
  }
  const double avg = ((from + to) / 2.0 * reach_s + to * (dt_s - reach_s)) / dt_s;
  return {avg, to};
}

bool is_charging(ChargingState s) {
  return s == ChargingState::Charging || s == ChargingState::Starting;
}

void run_sleep_timer(const CarParams& p, CarState& s, double dt_s, CarStep& out) {
  if (is_charging(s.charging_state) || s.asleep) return;
  s.idle_s += dt_s;
  if (s.idle_s >= p.sleep_after_s) {
    s.asleep = true;
    out.fell_asleep = true;
  }
}

}  // namespace

int charge_current_request_max(const CarParams& p) { return std::min(p.car_max_a, p.evse_max_a); }

double battery_range_mi(const CarParams& p, const CarState& s) {
  return s.battery_level / 100.0 * p.battery_kwh * p.miles_per_kwh;
}

double charger_power_kw(const CarParams& p, const CarState& s) {
  return s.charger_actual_current * p.voltage_v / 1000.0;
}

double minutes_to_full_charge(const CarParams& p, const CarState& s) {
  const double kw = charger_power_kw(p, s) * p.charger_efficiency;
  const double need_kwh =
      std::max(0.0, s.charge_limit_soc - s.battery_level) / 100.0 * p.battery_kwh;
  return kw > 0 ? need_kwh / kw * 60.0 : 0.0;
}

CarStep step_car(const CarParams& p, CarState& s, double dt_s) {
  CarStep out;
  if (dt_s <= 0) return out;
  if (!is_charging(s.charging_state)) {
    s.charger_actual_current = 0;  // stopped or unplugged: the contactor opens at once
    run_sleep_timer(p, s, dt_s, out);
    return out;
  }
  s.charging_state = ChargingState::Charging;
  s.asleep = false;
  s.idle_s = 0;
  const double target = std::clamp(s.charge_current_request, 0, charge_current_request_max(p));
  const Ramp r = ramp(s.charger_actual_current, target, p.ramp_a_per_s, dt_s);
  s.charger_actual_current = r.end_a;
  out.car_w = r.average_a * p.voltage_v;
  out.battery_kwh_in = out.car_w * dt_s / 3.6e6 * p.charger_efficiency;
  const double need_kwh =
      std::max(0.0, s.charge_limit_soc - s.battery_level) / 100.0 * p.battery_kwh;
  if (out.battery_kwh_in >= need_kwh) {
    // The limit is reached inside this step: only the needed share flowed.
    const double share = out.battery_kwh_in > 0 ? need_kwh / out.battery_kwh_in : 0.0;
    out.car_w *= share;
    out.battery_kwh_in = need_kwh;
    out.completed = true;
    s.charging_state = ChargingState::Complete;
    s.charger_actual_current = 0;
    s.battery_level = std::max(s.battery_level, s.charge_limit_soc);
  } else {
    s.battery_level += out.battery_kwh_in / p.battery_kwh * 100.0;
  }
  s.charge_energy_added_kwh += out.battery_kwh_in;
  return out;
}

void note_activity(CarState& s) {
  s.asleep = false;
  s.idle_s = 0;
}

bool plugged_in_at(const PlugSchedule& sch, LocalSeconds local) {
  if (sch.mode == PlugMode::Always) return true;
  const Seconds tod = local - chr::floor<chr::days>(local);
  if (sch.arrive_at > sch.leave_at) return tod >= sch.arrive_at || tod < sch.leave_at;
  return tod >= sch.arrive_at && tod < sch.leave_at;
}

double uniform01(std::uint64_t& state) {
  state += 0x9E3779B97F4A7C15ULL;
  std::uint64_t z = state;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  z ^= z >> 31;
  return static_cast<double>(z >> 11) * 0x1.0p-53;
}

PlugEvent apply_schedule(const CarParams& p, const PlugSchedule& sch, CarState& s,
                         LocalSeconds before, LocalSeconds now, std::uint64_t& rng_state) {
  PlugEvent ev;
  const bool was_home = plugged_in_at(sch, before);
  const bool is_home = plugged_in_at(sch, now);
  if (was_home == is_home) return ev;
  note_activity(s);
  s.charger_actual_current = 0;
  if (was_home) {
    ev.kind = PlugEvent::Kind::Departed;
    ev.trip_kwh = sch.trip_kwh_min + (sch.trip_kwh_max - sch.trip_kwh_min) * uniform01(rng_state);
    s.charging_state = ChargingState::Disconnected;
    s.battery_level = std::max(0.0, s.battery_level - ev.trip_kwh / p.battery_kwh * 100.0);
  } else {
    ev.kind = PlugEvent::Kind::Arrived;
    s.charging_state = p.start_on_plug_in ? ChargingState::Charging : ChargingState::Stopped;
    s.charge_energy_added_kwh = 0;
  }
  return ev;
}

CarState initial_car_state(const PlugSchedule& sch, LocalSeconds local, double battery_level,
                           double charge_limit_soc) {
  CarState s;
  s.battery_level = battery_level;
  s.charge_limit_soc = charge_limit_soc;
  s.charging_state =
      plugged_in_at(sch, local) ? ChargingState::Stopped : ChargingState::Disconnected;
  return s;
}

}  // namespace p15::sim
