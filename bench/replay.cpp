#include "bench/replay.h"

#include <algorithm>
#include <cmath>

#include "service/core/command_plan.h"
#include "sim/collector_json.h"

namespace p15::bench {

namespace {

constexpr double kJoulesPerKwh = 3.6e6;

class Replayer {
 public:
  Replayer(const Horizon& h, const Policy& policy, const ReplayOptions& o)
      : h_(h), policy_(policy), o_(o) {
    const auto& home = h.home;
    pw_.energy_left_wh = home.powerwall.capacity_wh * home.powerwall_start_percent / 100;
    car_.battery_level = home.car_target_soc;
    car_.charge_limit_soc = home.car_target_soc;
    car_.charging_state = ChargingState::Disconnected;
    snap_.vehicle.vin = "5YJ3E1EA1KF000001";
    r_.policy = policy.name();
    r_.trace.day = o.trace_day;
  }

  ReplayResult run() {
    const long long steps_per_slot = std::llround(kSlot.count() / o_.step_s);
    const long long steps_per_day = steps_per_slot * 48;
    const long long total = steps_per_slot * static_cast<long long>(h_.slots.size());
    for (long long i = 0; i < total; ++i) {
      step(i, static_cast<int>(i / steps_per_slot));
      if ((i + 1) % steps_per_day == 0 && o_.on_day) o_.on_day();
    }
    if (plugged_) depart(static_cast<int>(h_.slots.size()) - 1, false);
    r_.days = static_cast<double>(total) * o_.step_s / 86400;
    return r_;
  }

 private:
  void step(long long i, int k) {
    const Slot& slot = h_.slots[k];
    if (slot.plugged != plugged_) slot.plugged ? arrive() : depart(k, true);
    const TimePoint now = h_.start + Seconds{std::llround(i * o_.step_s)};
    plan_session(k);
    decide_and_command(now, i);
    const sim::CarStep cs = sim::step_car(h_.home.car, car_, o_.step_s);
    const sim::HomeFlows f =
        sim::step_home(h_.home.powerwall, pw_, slot.solar_w, slot.house_w, cs.car_w, o_.step_s);
    account(slot, f, cs.car_w);
    trace(i, f);
    flows_ = f;
  }

  void arrive() {
    plugged_ = true;
    sim::note_activity(car_);
    car_.charging_state = ChargingState::Stopped;
    car_.charger_actual_current = 0;
    car_.charge_energy_added_kwh = 0;
  }

  // Whatever the policy left undelivered is bought at the departure's import price, then the
  // day's driving is taken from the battery.
  void depart(int k, bool drive) {
    const auto& p = h_.home.car;
    const double short_kwh = std::max(0.0, h_.home.car_target_soc - car_.battery_level) / 100 *
                             p.battery_kwh / p.charger_efficiency;
    r_.topup_kwh += short_kwh;
    r_.topup_cost += short_kwh * h_.slots[k].import_per_kwh;
    ++r_.departures;
    if (short_kwh > 0.1) ++r_.unmet_departures;
    car_.battery_level = std::max(car_.battery_level, h_.home.car_target_soc);
    if (!drive) return;
    plugged_ = false;
    sim::note_activity(car_);
    car_.charging_state = ChargingState::Disconnected;
    car_.charger_actual_current = 0;
    const double trip = trip_index_ < h_.trips_kwh.size() ? h_.trips_kwh[trip_index_++] : 0.0;
    car_.battery_level = std::max(0.0, car_.battery_level - trip / p.battery_kwh * 100);
  }

  // What the owner would tell the service: when the car leaves and how full it must be then.
  void plan_session(int k) {
    while (session_ < h_.sessions.size() && h_.sessions[session_].end_slot <= k) ++session_;
    snap_.plan.departure.reset();
    snap_.plan.target_soc = h_.home.car_target_soc;
    if (plugged_ && session_ < h_.sessions.size() && h_.sessions[session_].first_slot <= k) {
      snap_.plan.departure = h_.slot_time(h_.sessions[session_].end_slot);
    }
  }

  void decide_and_command(TimePoint now, long long i) {
    snap_.now = now;
    snap_.powerwall = powerwall_reading(h_.home.powerwall, pw_, flows_);
    snap_.powerwall.row_id = i;
    snap_.powerwall.row_time = now;
    fill_vehicle_reading(h_.home.car, car_, snap_.vehicle);
    snap_.vehicle.row_id = i;
    snap_.vehicle.row_time = now;
    Decision d = policy_.decide(snap_);
    snap_.memory = std::move(d.memory);
    const CommandPlan plan = plan_commands(d, snap_.vehicle);
    for (const VehicleCommand& c : plan.commands) {
      if (car_.presence != sim::Presence::Online) {
        // The service's command layer wakes it and waits for it; the replay takes the wait as
        // shorter than one step.
        ++r_.wake_ups;
        sim::request_wake(h_.home.car, car_);
        sim::step_presence(car_, h_.home.car.wake_delay_s);
      }
      ++r_.commands;
      if (c.kind == CommandKind::ChargeStart) ++r_.starts;
      if (c.kind == CommandKind::ChargeStop) ++r_.stops;
      sim::apply_command(h_.home.car, car_, c);
    }
  }

  void account(const Slot& slot, const sim::HomeFlows& f, double car_w) {
    const double kwh = o_.step_s / kJoulesPerKwh;
    if (f.grid_w > 0) {
      r_.import_kwh += f.grid_w * kwh;
      r_.import_cost += f.grid_w * kwh * slot.import_per_kwh;
    } else {
      r_.export_kwh += -f.grid_w * kwh;
      r_.export_credit += -f.grid_w * kwh * slot.export_per_kwh;
    }
    const double solar = std::min(car_w, std::max(0.0, slot.solar_w - slot.house_w));
    const double battery = std::min(car_w - solar, std::max(0.0, f.battery_w));
    r_.car_kwh += car_w * kwh;
    r_.car_solar_kwh += solar * kwh;
    r_.car_battery_kwh += battery * kwh;
    r_.car_grid_kwh += (car_w - solar - battery) * kwh;
  }

  void trace(long long i, const sim::HomeFlows& f) {
    DayTrace& t = r_.trace;
    if (t.day < 0) return;
    const long long at = std::llround(i * o_.step_s);
    const long long from = t.day * 86400LL;
    if (at < from || at >= from + 86400 || at % std::llround(t.sample_s) != 0) return;
    t.solar_w.push_back(f.solar_w);
    t.load_w.push_back(f.load_w);
    t.grid_w.push_back(f.grid_w);
    t.soc_percent.push_back(sim::percentage_charged(h_.home.powerwall, pw_));
    t.car_amps.push_back(car_.charger_actual_current);
  }

  const Horizon& h_;
  const Policy& policy_;
  const ReplayOptions& o_;
  sim::PowerwallState pw_;
  sim::CarState car_;
  sim::HomeFlows flows_;
  Snapshot snap_;
  bool plugged_ = false;
  std::size_t trip_index_ = 0;
  std::size_t session_ = 0;  // the session the car is in or waits for
  ReplayResult r_;
};

}  // namespace

ReplayResult replay(const Horizon& horizon, const Policy& policy, const ReplayOptions& options) {
  return Replayer(horizon, policy, options).run();
}

PowerwallReading powerwall_reading(const sim::PowerwallParams& params,
                                   const sim::PowerwallState& state, const sim::HomeFlows& f) {
  PowerwallReading pw;
  pw.solar_w = f.solar_w;
  pw.load_w = f.load_w;
  pw.battery_w = f.battery_w;
  pw.grid_w = f.grid_w;
  pw.generator_w = f.generator_w;
  pw.energy_left_wh = state.energy_left_wh;
  pw.total_pack_energy_wh = params.capacity_wh;
  pw.percentage_charged = sim::percentage_charged(params, state);
  pw.backup_reserve_percent = params.backup_reserve_percent;
  pw.grid_status = "Active";
  return pw;
}

void fill_vehicle_reading(const sim::CarParams& p, const sim::CarState& car, VehicleReading& v) {
  const bool plugged = sim::plugged_in(car);
  v.state = vehicle_state_from_string(sim::to_string(car.presence));
  v.charging_state = car.charging_state;
  v.charger_actual_current = static_cast<int>(std::lround(car.charger_actual_current));
  v.charge_current_request = car.charge_current_request;
  v.charge_current_request_max = sim::charge_current_request_max(p);
  v.charger_voltage = plugged ? static_cast<int>(std::lround(p.voltage_v)) : 0;
  v.charger_phases = plugged ? 1 : 0;
  v.charger_power_kw = sim::charger_power_kw(p, car);
  v.battery_level = sim::reported_battery_level(car);
  v.battery_range_mi = sim::battery_range_mi(p, car);
  v.charge_limit_soc = car.charge_limit_soc;
  v.charge_energy_added_kwh = car.charge_energy_added_kwh;
}

}  // namespace p15::bench
