#include "service/core/planner_policy.h"

#include <algorithm>
#include <cmath>

#include "service/core/command_plan.h"
#include "service/core/local_time.h"
#include "service/core/smart_battery.h"
#include "service/core/smart_pacing.h"
#include "service/core/smart_surplus.h"

namespace p15 {

namespace chr = std::chrono;

namespace {

// What the planner keeps while it steers: the owner's mode and reserve, with grid charging and
// battery export allowed. Both act only when a lever asks (a reserve above the level, Time-Based
// Control), so they are set once, not toggled against the day's budget.
SiteSettings owner_site(const PlannerSettings& st) {
  SiteSettings s;
  s.reserve_percent = st.owner_reserve_percent;
  s.grid_charging = true;
  s.export_rule = ExportRule::BatteryOk;
  return s;
}

bool plugged_in(const VehicleReading& car) {
  return car.charging_state != ChargingState::Disconnected;
}

double target_of(const Snapshot& s, const SmartSettings& st) {
  if (s.plan.target_soc) return *s.plan.target_soc;
  if (st.target_soc > 0) return st.target_soc;
  return s.vehicle.charge_limit_soc > 0 ? s.vehicle.charge_limit_soc : 80;
}

std::optional<TimePoint> departure_of(const Snapshot& s, ChargeMode mode, const SmartSettings& st) {
  if (s.plan.departure) return s.plan.departure;
  if (mode == ChargeMode::Plan && st.departure_local) {
    return next_daily(st.tariff.import_price.zone, s.now, *st.departure_local);
  }
  return std::nullopt;
}

PlanInput plan_input(const Snapshot& s, const PlannerSettings& st, std::optional<TimePoint> dep) {
  PlanInput in;
  in.periods = s.outlook->hours;
  in.steer_powerwall = st.steer_powerwall;
  const PowerwallReading& pw = s.powerwall;
  in.battery.capacity_wh = pw.total_pack_energy_wh;
  in.battery.energy_wh = pw.energy_left_wh;
  in.battery.floor_wh = pw.total_pack_energy_wh * st.owner_reserve_percent / 100;
  in.battery.max_charge_w = st.smart.powerwall_max_charge_w;
  in.battery.max_discharge_w = st.smart.powerwall_max_discharge_w;
  in.battery.round_trip = st.powerwall_round_trip;
  in.battery.max_grid_charge_w = st.powerwall_grid_charge_w;
  const VehicleReading& car = s.vehicle;
  in.car.plugged = plugged_in(car);
  in.car.max_w = smart::max_amps(car, st.smart) * smart::voltage(car, st.smart);
  in.car.need_wh = smart::need_kwh(car, target_of(s, st.smart), st.smart) * 1000;
  int due = 0;
  while (due < static_cast<int>(in.periods.size()) && (!dep || in.periods[due].start < *dep)) {
    ++due;
  }
  in.car.departure_period = due;
  return in;
}

enum class Replan { No, Timer, Car };

Replan needs_replan(const PlannerMemory* old, const Snapshot& s, std::optional<TimePoint> dep,
                    const PlannerSettings& st) {
  if (old == nullptr || old->plan.empty()) return Replan::Car;
  if (old->plugged != plugged_in(s.vehicle) || old->departure != dep) return Replan::Car;
  if (s.now - old->made_at >= st.replan || s.now < old->made_at) return Replan::Timer;
  const OutlookHour& last = old->hours.back();
  return s.now >= last.start + Seconds{std::llround(last.hours * 3600)} ? Replan::Timer
                                                                        : Replan::No;
}

// The plan's period that holds `now`.
std::size_t period_at(const PlannerMemory& m, TimePoint now) {
  std::size_t i = 0;
  while (i + 1 < m.hours.size() && m.hours[i + 1].start <= now) ++i;
  return i;
}

// The current the plan wants now, and on top what the home would export now.
smart::Want want_now(const Snapshot& s, const PlannerMemory& m, std::size_t i, double export_w,
                     const SmartSettings& st) {
  const VehicleReading& car = s.vehicle;
  const double v = smart::voltage(car, st);
  const int top = smart::max_amps(car, st);
  const double planned_w = m.plan[i].car_wh / std::max(1e-6, m.hours[i].hours);
  const double need_wh = smart::need_kwh(car, target_of(s, st), st) * 1000;
  const double extra_w = need_wh > 0 ? std::max(0.0, export_w) : 0.0;
  int amps = std::clamp(static_cast<int>(std::lround((planned_w + extra_w) / v)), 0, top);
  if (amps < st.min_amps && planned_w >= 0.5 * st.min_amps * v) amps = std::min(st.min_amps, top);
  const bool firm = planned_w >= st.min_amps * v;
  std::string why = firm ? "plan: " + std::to_string(std::lround(planned_w)) + " W this hour"
                         : (extra_w > 0 ? "surplus beyond the plan" : "plan: not now");
  return {amps, firm, why};
}

// The lever asked for, within the day's budget of settings requests. The same lever as the one
// in force keeps its settings: a hold stays at the level it started at. Before its first request
// the planner does not know the site's settings (the owner may run Time-Based Control), so the
// first one is counted as all three endpoints and sets all three. Nullopt: not even the first
// request fits today.
// `export_ahead`: the plan empties the battery into the grid later this local day, in hours
// that pay more than anything else the levers do; the other levers leave enough of the day's
// budget to get there and back.
std::optional<SiteSettings> budgeted(const PlannerSettings& st, PlannerMemory& m, LeverAsk want,
                                     const std::optional<SiteSettings>& export_ahead = {}) {
  constexpr int kEndpoints = 3;  // backup, operation, grid_import_export
  const SiteSettings owner = owner_site(st);
  if (want.lever == m.lever && m.asked) want.settings = *m.asked;
  auto cost = [&](const SiteSettings& to) {
    return m.asked ? settings_requests(*m.asked, to) : kEndpoints;
  };
  auto way_home = [&](const SiteSettings& to) {
    if (!export_ahead || want.lever == Lever::BatteryExport) return settings_requests(to, owner);
    return settings_requests(to, *export_ahead) + settings_requests(*export_ahead, owner);
  };
  auto fits = [&](const SiteSettings& to) {
    return m.settings_today + cost(to) + way_home(to) <= st.max_settings_per_day;
  };
  if (!fits(want.settings)) {
    if (fits(owner)) {
      want = {Lever::Owner, owner};
    } else if (m.asked) {
      want = {m.lever, *m.asked};
    } else {
      return std::nullopt;
    }
  }
  m.settings_today += cost(want.settings);
  m.asked = want.settings;
  m.lever = want.lever;
  return want.settings;
}

void solve_into(PlannerMemory& m, const Snapshot& s, const PlannerSettings& st,
                std::optional<TimePoint> dep) {
  const PlanResult r = solve_plan(plan_input(s, st, dep));
  m.made_at = s.now;
  m.plugged = plugged_in(s.vehicle);
  m.departure = dep;
  m.hours = s.outlook->hours;
  m.source = s.outlook->source;
  m.plan = r.ok ? r.periods : std::vector<PlanPeriod>{};
  m.status = r.ok ? "planned" : "no plan: " + r.status;
}

std::vector<Feature> features_of(const Snapshot& s, const PlannerMemory& m, std::size_t i,
                                 const smart::Want& w) {
  const OutlookHour& h = m.hours[i];
  const PlanPeriod& p = m.plan[i];
  const double hours = std::max(1e-6, h.hours);
  return {{"mode", "planner"},
          {"forecast", m.source},
          {"plan_made_at_s", static_cast<double>((s.now - m.made_at).count())},
          {"forecast_solar_w", h.solar_wh / hours},
          {"forecast_house_w", h.house_wh / hours},
          {"planned_car_w", p.car_wh / hours},
          {"planned_charge_w", p.charge_wh / hours},
          {"planned_discharge_w", p.discharge_wh / hours},
          {"planned_energy_end_wh", p.energy_end_wh},
          {"solar_power_w", s.powerwall.solar_w},
          {"load_power_w", s.powerwall.load_w},
          {"grid_power_w", s.powerwall.grid_w},
          {"battery_power_w", s.powerwall.battery_w},
          {"wanted_amps", static_cast<double>(w.amps)},
          {"why", w.why},
          {"charging_state", to_string(s.vehicle.charging_state)},
          {"battery_row_id", static_cast<double>(s.powerwall.row_id)},
          {"vehicle_row_id", static_cast<double>(s.vehicle.row_id)}};
}

}  // namespace

bool arbitrage_possible(const std::vector<OutlookHour>& hours) {
  double lo = 1e18, hi = -1e18;
  for (const OutlookHour& h : hours) {
    if (h.battery_export) return true;
    lo = std::min(lo, h.import_per_kwh);
    hi = std::max(hi, h.import_per_kwh);
  }
  constexpr double kTier = 0.005;
  return hi - lo > kTier;
}

LeverAsk lever_for(const PlannerSettings& st, const OutlookHour& hour, const PlanPeriod& p,
                   double capacity_wh, double soc_percent) {
  SiteSettings s = owner_site(st);
  const double h = std::max(1e-6, hour.hours);
  const double net_w = (hour.solar_wh - hour.house_wh - p.car_wh) / h;
  const double deficit_w = std::max(0.0, -net_w), surplus_w = std::max(0.0, net_w);
  const double charge_w = p.charge_wh / h, discharge_w = p.discharge_wh / h;
  const double self_discharge_w = std::min(st.smart.powerwall_max_discharge_w, deficit_w);
  if (charge_w > surplus_w + st.lever_margin_w && capacity_wh > 0) {
    s.reserve_percent =
        std::clamp(std::ceil(100 * p.energy_end_wh / capacity_wh), st.owner_reserve_percent, 100.0);
    return {Lever::GridCharge, s};
  }
  if (discharge_w > deficit_w + st.lever_margin_w && hour.battery_export) {
    s.mode = OperationMode::TimeBasedControl;
    return {Lever::BatteryExport, s};
  }
  if (deficit_w > st.lever_margin_w && discharge_w < 0.5 * self_discharge_w) {
    // At the plan's level for the hour's end, not the level now: the part of the deficit the
    // plan takes from the battery still comes from it, and a hold that would keep only what the
    // owner's reserve keeps anyway costs no request.
    const double planned = capacity_wh > 0 ? std::ceil(100 * p.energy_end_wh / capacity_wh) : 100;
    s.reserve_percent =
        std::clamp(std::min(std::round(soc_percent), planned), st.owner_reserve_percent, 100.0);
    return {Lever::Hold, s};
  }
  return {Lever::Owner, s};
}

std::string to_string(Lever l) {
  switch (l) {
    case Lever::Hold:
      return "hold";
    case Lever::GridCharge:
      return "grid-charge";
    case Lever::BatteryExport:
      return "battery-export";
    case Lever::Owner:
      break;
  }
  return "owner";
}

namespace {

// A tariff with one import price and no battery-export hour ahead offers the levers nothing:
// the owner's settings stay.
LeverAsk lever_now(const PlannerSettings& st, const PlannerMemory& m, std::size_t i,
                   const Snapshot& s) {
  if (!arbitrage_possible(m.hours)) return {Lever::Owner, owner_site(st)};
  return lever_for(st, m.hours[i], m.plan[i], s.powerwall.total_pack_energy_wh,
                   s.powerwall.percentage_charged);
}

// The battery-export settings of a later period of this local day the plan empties the battery
// in, if any.
std::optional<SiteSettings> export_later_today(const PlannerSettings& st, const PlannerMemory& m,
                                               std::size_t i, const Snapshot& s) {
  const LocalZone& zone = st.smart.tariff.import_price.zone;
  const long long today = local_day_number(zone, s.now);
  for (std::size_t k = i + 1; k < m.hours.size(); ++k) {
    if (local_day_number(zone, m.hours[k].start) != today) break;
    const LeverAsk a = lever_for(st, m.hours[k], m.plan[k], s.powerwall.total_pack_energy_wh,
                                 s.powerwall.percentage_charged);
    if (a.lever == Lever::BatteryExport) return a.settings;
  }
  return std::nullopt;
}

// The lever for now. Within the clock hour it was chosen in it stays, unless this decision
// replanned for the car (`car_changed`): re-solved from a part hour, the plan's hour-long lever
// choice would flip between plans of equal cost (and spend the day's settings budget) more than
// it gains.
std::optional<SiteSettings> steer(const PlannerSettings& st, PlannerMemory& m, std::size_t i,
                                  const Snapshot& s, bool car_changed) {
  const TimePoint hour = chr::floor<chr::hours>(s.now);
  if (m.asked && m.lever_hour == hour && !car_changed) return m.asked;
  m.lever_hour = hour;
  return budgeted(st, m, lever_now(st, m, i, s), export_later_today(st, m, i, s));
}

}  // namespace

std::string to_string(PlannerCar c) { return c == PlannerCar::Plan ? "plan" : "smart"; }

std::optional<PlannerCar> planner_car_from_string(const std::string& s) {
  for (PlannerCar c : {PlannerCar::Smart, PlannerCar::Plan}) {
    if (to_string(c) == s) return c;
  }
  return std::nullopt;
}

// The car on the plan's hours, with the smart policy's hysteresis.
Decision PlannerPolicy::plan_car(const Snapshot& s, const PlannerMemory& m, std::size_t i) const {
  const SmartSettings& st = settings_.smart;
  PolicyMemory fresh = s.memory;
  if (!fresh.decided_at || s.now - *fresh.decided_at > st.memory_max_age) fresh = {};
  Decision d;
  d.memory.decided_at = s.now;
  const Seconds dt = fresh.decided_at ? s.now - *fresh.decided_at : Seconds{0};
  d.memory.export_avg_w = smart::smooth(
      fresh.export_avg_w, smart::export_surplus_w(s.powerwall, s.vehicle, st), dt, st.smoothing);
  d.memory.surplus_avg_w = smart::smooth(
      fresh.surplus_avg_w, smart::surplus_w(s.powerwall, s.vehicle, st), dt, st.smoothing);
  // What the smart policy learns of the sun and the night's load goes on while the plan decides,
  // so that a switch back to it (modes off and fast, no plan) starts from what it knew.
  smart::learn_sun(s.memory, s.powerwall, smart::house_w(s.powerwall, s.vehicle, st), s.now,
                   d.memory);
  const smart::Want w = want_now(s, m, i, *d.memory.export_avg_w, st);
  if (s.vehicle.charging_state == ChargingState::Stopped) {
    smart::decide_stopped(w, fresh, s.now, st, d);
  } else if (is_charging(s.vehicle.charging_state)) {
    smart::decide_charging(w, s, fresh, st, d);
  } else {
    d.reason = "car is " + to_string(s.vehicle.charging_state) + ": nothing to do";
  }
  d.features = features_of(s, m, i, w);
  return d;
}

Decision PlannerPolicy::decide(const Snapshot& s) const {
  const SmartSettings& st = settings_.smart;
  PlannerMemory m = s.memory.planner ? *s.memory.planner : PlannerMemory{};
  const long long day = local_day_number(st.tariff.import_price.zone, s.now);
  if (day != m.day) {
    m.day = day;
    m.settings_today = 0;
  }
  const ChargeMode mode = s.plan.mode.value_or(st.mode);
  const std::optional<TimePoint> dep = departure_of(s, mode, st);
  const Replan why = s.outlook && !s.outlook->hours.empty()
                         ? needs_replan(s.memory.planner.get(), s, dep, settings_)
                         : Replan::No;
  if (why != Replan::No) solve_into(m, s, settings_, dep);
  const bool follow =
      s.outlook && !m.plan.empty() && mode != ChargeMode::Off && mode != ChargeMode::Fast;
  Decision d;
  if (!follow) {
    d = smart_.decide(s);
    d.reason = (s.outlook ? m.status : std::string("no forecast yet")) + ", as smart: " + d.reason;
    if (settings_.steer_powerwall) {
      d.site = budgeted(settings_, m, {Lever::Owner, owner_site(settings_)});
      m.lever_hour.reset();  // back on the plan, the lever is chosen at once
    }
  } else {
    const std::size_t i = period_at(m, s.now);
    const bool as_smart = settings_.car == PlannerCar::Smart;
    d = as_smart ? smart_.decide(s) : plan_car(s, m, i);
    if (settings_.steer_powerwall) {
      d.site = steer(settings_, m, i, s, why == Replan::Car);
    }
    d.reason = "plan: Powerwall " + to_string(m.lever) + "; car " +
               (as_smart ? "as smart: " : "on the plan: ") + d.reason;
    d.features.push_back({"powerwall_lever", to_string(m.lever)});
    d.features.push_back({"settings_today", static_cast<double>(m.settings_today)});
  }
  d.policy = name();
  d.memory.planner = std::make_shared<const PlannerMemory>(std::move(m));
  return d;
}

}  // namespace p15
