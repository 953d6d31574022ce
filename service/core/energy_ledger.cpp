#include "service/core/energy_ledger.h"

#include <algorithm>

#include "service/core/command_plan.h"

namespace p15 {

namespace chr = std::chrono;

namespace {

constexpr double kSecondsPerHour = 3600;

double voltage(const VehicleReading& car, const LedgerSettings& s) {
  return car.charger_voltage > 0 ? car.charger_voltage : s.default_voltage_v;
}

// charge-now's draw: the car's maximum current.
double max_car_w(const VehicleReading& car, const LedgerSettings& s) {
  return car.charge_current_request_max.value_or(s.default_max_amps) * voltage(car, s);
}

// When charge-now would have bought the session's next kWh (see the header).
TimePoint baseline_time(TimePoint session_start, double session_kwh, double max_w, TimePoint at) {
  if (max_w <= 0) return session_start;
  const double after_s = session_kwh * 1000 / max_w * kSecondsPerHour;
  // Never later than now: charge-now is never behind a policy that charged no faster.
  const TimePoint t = session_start + Seconds{static_cast<long long>(after_s)};
  return std::min(t, at);
}

}  // namespace

CarPowerSplit split_car_power(double car_w, double solar_w, double house_w, double powerwall_w) {
  CarPowerSplit out;
  out.car_w = std::max(0.0, car_w);
  const double solar_left_w = std::max(0.0, solar_w - house_w);
  out.solar_w = std::min(out.car_w, solar_left_w);
  // The house has the first claim on the Powerwall too: it would have discharged that much
  // without the car.
  const double house_from_powerwall_w = std::max(0.0, house_w - solar_w);
  const double powerwall_left_w = std::max(0.0, powerwall_w - house_from_powerwall_w);
  out.powerwall_w = std::min(out.car_w - out.solar_w, powerwall_left_w);
  out.grid_w = out.car_w - out.solar_w - out.powerwall_w;
  return out;
}

double car_draw_w(const VehicleReading& car, const LedgerSettings& s) {
  if (!is_charging(car.charging_state)) return 0;
  return std::max(0.0, car.charger_actual_current * voltage(car, s));
}

CarPowerSplit split_car_power(const PowerwallReading& pw, const VehicleReading& car,
                              const LedgerSettings& s) {
  if (!is_charging(car.charging_state)) return {};
  const double car_w = car_draw_w(car, s);
  // load_w includes the car while it charges.
  return split_car_power(car_w, pw.solar_w, std::max(0.0, pw.load_w - car_w), pw.battery_w);
}

LedgerStep account_cycle(const LedgerState& state, const Snapshot& snap, const LedgerSettings& s) {
  LedgerStep step;
  LedgerEntry& e = step.entry;
  e.at = snap.now;
  if (state.last_at && snap.now > *state.last_at) {
    e.elapsed = std::min<Seconds>(snap.now - *state.last_at, s.max_gap);
  }
  const double hours = static_cast<double>(e.elapsed.count()) / kSecondsPerHour;
  const CarPowerSplit w = split_car_power(snap.powerwall, snap.vehicle, s);
  e.car_kwh = w.car_w * hours / 1000;
  e.solar_kwh = w.solar_w * hours / 1000;
  e.powerwall_kwh = w.powerwall_w * hours / 1000;
  e.grid_kwh = w.grid_w * hours / 1000;

  e.import_price = import_price_at(s.tariff, e.at);
  e.export_price = export_price_at(s.tariff, e.at);
  e.grid_cost = e.grid_kwh * e.import_price;
  e.export_forgone = e.solar_kwh * e.export_price;
  e.powerwall_value = e.powerwall_kwh * e.export_price / s.powerwall_round_trip_efficiency;
  e.cost = e.grid_cost + e.export_forgone + e.powerwall_value;

  LedgerState& next = step.next;
  next.last_at = snap.now;
  if (snap.vehicle.charging_state == ChargingState::Disconnected) return step;  // no session
  next.session_start = state.session_start.value_or(snap.now - e.elapsed);
  next.session_kwh = state.session_start ? state.session_kwh : 0;
  e.baseline_at =
      baseline_time(*next.session_start, next.session_kwh, max_car_w(snap.vehicle, s), e.at);
  e.baseline_price = import_price_at(s.tariff, e.baseline_at);
  e.baseline_cost = e.car_kwh * e.baseline_price;
  next.session_kwh += e.car_kwh;
  return step;
}

LedgerTotals& LedgerTotals::operator+=(const LedgerEntry& e) {
  ++cycles;
  car_kwh += e.car_kwh;
  solar_kwh += e.solar_kwh;
  powerwall_kwh += e.powerwall_kwh;
  grid_kwh += e.grid_kwh;
  grid_cost += e.grid_cost;
  export_forgone += e.export_forgone;
  powerwall_value += e.powerwall_value;
  cost += e.cost;
  baseline_cost += e.baseline_cost;
  return *this;
}

namespace {

// The UTC instant of a local midnight; a midnight skipped by a DST change (no zone here does
// that) falls back to the offset in force at `now`.
TimePoint local_midnight_utc(const LocalZone& zone, LocalSeconds midnight, TimePoint now) {
  const LocalToUtc at = to_utc(zone, midnight);
  if (at.matches > 0) return at.earlier;
  return TimePoint{midnight.time_since_epoch() - utc_offset(zone, now)};
}

}  // namespace

SavingsPeriods savings_periods(const LocalZone& zone, TimePoint now) {
  const LocalSeconds local = to_local(zone, now);
  const auto day = chr::floor<chr::days>(local);
  const chr::year_month_day ymd{chr::sys_days{day.time_since_epoch()}};
  const chr::local_days first{chr::sys_days{ymd.year() / ymd.month() / 1}.time_since_epoch()};
  const chr::local_days new_year{chr::sys_days{ymd.year() / 1 / 1}.time_since_epoch()};
  SavingsPeriods p;
  p.today_start = local_midnight_utc(zone, LocalSeconds{day}, now);
  p.month_start = local_midnight_utc(zone, LocalSeconds{first}, now);
  p.year_start = local_midnight_utc(zone, LocalSeconds{new_year}, now);
  return p;
}

}  // namespace p15
