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
  if (is_charging(s.charging_state) || s.presence != Presence::Online) return;
  s.idle_s += dt_s;
  if (s.idle_s >= p.sleep_after_s) {
    s.presence = Presence::Asleep;
    out.fell_asleep = true;
  }
}

CarAnswer refuse(std::string reason) { return CarAnswer{false, std::move(reason)}; }

// Below this the car needs the same request twice (evcc and TeslaSolarCharger send it twice).
constexpr int kLowAmps = 5;

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
  step_presence(s, dt_s);
  if (!is_charging(s.charging_state)) {
    s.charger_actual_current = 0;  // stopped or unplugged: the contactor opens at once
    run_sleep_timer(p, s, dt_s, out);
    return out;
  }
  s.charging_state = ChargingState::Charging;
  s.presence = Presence::Online;
  s.wake_in_s = -1;
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
  s.presence = Presence::Online;
  s.wake_in_s = -1;
  s.idle_s = 0;
}

bool is_asleep(const CarState& s) { return s.presence == Presence::Asleep; }

std::string to_string(Presence p) {
  switch (p) {
    case Presence::Online:
      return "online";
    case Presence::Asleep:
      return "asleep";
    case Presence::Offline:
      return "offline";
  }
  return "offline";
}

void request_wake(const CarParams& p, CarState& s) {
  if (s.presence != Presence::Asleep || s.wake_in_s >= 0) return;
  s.wake_in_s = std::max(0.0, p.wake_delay_s);
  step_presence(s, 0);
}

void step_presence(CarState& s, double dt_s) {
  if (s.wake_in_s < 0) return;
  s.wake_in_s -= dt_s;
  if (s.wake_in_s > 0) return;
  s.wake_in_s = -1;
  if (s.presence == Presence::Asleep) {
    s.presence = Presence::Online;
    s.idle_s = 0;
  }
}

CarAnswer set_charging_amps(const CarParams& p, CarState& s, int amps) {
  if (amps < 0 || amps > charge_current_request_max(p)) return refuse("invalid_charging_amps");
  s.idle_s = 0;
  if (amps >= kLowAmps || amps == s.pending_low_amps) {
    s.charge_current_request = amps;
    s.pending_low_amps = -1;
    return {};
  }
  s.pending_low_amps = amps;
  s.charge_current_request = kLowAmps;
  return {};
}

CarAnswer charge_start(CarState& s) {
  s.idle_s = 0;
  s.pending_low_amps = -1;
  switch (s.charging_state) {
    case ChargingState::Disconnected:
      return refuse("disconnected");
    case ChargingState::Charging:
    case ChargingState::Starting:
      return refuse("is_charging");
    case ChargingState::Complete:
      return refuse("complete");
    case ChargingState::NoPower:
      return {};
    case ChargingState::Stopped:
      s.charging_state = ChargingState::Charging;
      return {};
  }
  return {};
}

CarAnswer charge_stop(CarState& s) {
  s.idle_s = 0;
  s.pending_low_amps = -1;
  if (!is_charging(s.charging_state)) return refuse("not_charging");
  s.charging_state = ChargingState::Stopped;
  return {};
}

CarAnswer apply_command(const CarParams& p, CarState& s, const VehicleCommand& c) {
  switch (c.kind) {
    case CommandKind::SetChargingAmps:
      return set_charging_amps(p, s, c.amps);
    case CommandKind::ChargeStart:
      return charge_start(s);
    case CommandKind::ChargeStop:
      return charge_stop(s);
  }
  return refuse("unknown command");
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
    // Replugged, the car forgets a request below 5 A (domain.md section 6).
    s.charge_current_request = std::max(s.charge_current_request, kLowAmps);
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
