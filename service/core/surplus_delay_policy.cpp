#include "service/core/surplus_delay_policy.h"

#include <algorithm>
#include <cmath>

#include "service/core/command_plan.h"

namespace p15::surplus_delay {

namespace {
double voltage(const VehicleReading& car, double default_voltage_v) {
  return car.charger_voltage > 0 ? car.charger_voltage : default_voltage_v;
}
}  // namespace

double surplus_w(const PowerwallReading& pw, const VehicleReading& car, double default_voltage_v) {
  const double car_w = is_charging(car.charging_state)
                           ? car.charger_actual_current * voltage(car, default_voltage_v)
                           : 0.0;
  return car_w - pw.grid_w - pw.battery_w;
}

int surplus_amps(const PowerwallReading& pw, const VehicleReading& car,
                 const SurplusDelaySettings& s) {
  const double amps =
      std::floor(surplus_w(pw, car, s.default_voltage_v) / voltage(car, s.default_voltage_v));
  const int max_amps = car.charge_current_request_max.value_or(s.default_max_amps);
  return static_cast<int>(std::clamp(amps, 0.0, static_cast<double>(max_amps)));
}

}  // namespace p15::surplus_delay

namespace p15 {

namespace {

// How long a condition has held, given when it was first seen (or now, if it is new).
TimePoint since(const std::optional<TimePoint>& remembered, TimePoint now) {
  return remembered.value_or(now);
}

std::string secs(Seconds s) { return std::to_string(s.count()) + " s"; }

}  // namespace

Decision SurplusDelayPolicy::decide(const Snapshot& s) const {
  const VehicleReading& car = s.vehicle;
  const int target = surplus_delay::surplus_amps(s.powerwall, car, settings_);
  const bool enough = target >= settings_.min_amps;
  PolicyMemory past = s.memory;
  if (!past.decided_at || s.now - *past.decided_at > settings_.memory_max_age) past = {};

  Decision d;
  d.policy = name();
  d.memory.decided_at = s.now;
  if (car.charging_state == ChargingState::Stopped) {
    if (enough) {
      d.memory.surplus_since = since(past.surplus_since, s.now);
      const Seconds held = s.now - *d.memory.surplus_since;
      d.amps = target;
      d.intent = held >= settings_.start_delay ? ChargeIntent::Start : ChargeIntent::Keep;
      d.reason = "surplus " + std::to_string(target) + " A for " + secs(held) + " (start after " +
                 secs(settings_.start_delay) + ")";
    } else {
      d.reason = "surplus " + std::to_string(target) + " A below minimum " +
                 std::to_string(settings_.min_amps) + " A";
    }
  } else if (is_charging(car.charging_state)) {
    if (enough) {
      d.amps = target;
      d.reason = "following surplus at " + std::to_string(target) + " A";
    } else {
      d.memory.deficit_since = since(past.deficit_since, s.now);
      const Seconds held = s.now - *d.memory.deficit_since;
      const bool stop = held >= settings_.stop_delay;
      // A car whose maximum is below the minimum (a reduced charge_current_request_max) is
      // held at its maximum: never ask for more than the car says it can take.
      const int top = car.charge_current_request_max.value_or(settings_.default_max_amps);
      d.amps = stop ? 0 : std::min(settings_.min_amps, top);
      d.intent = stop ? ChargeIntent::Stop : ChargeIntent::Keep;
      d.reason =
          "surplus " + std::to_string(target) + " A below minimum for " + secs(held) +
          (stop ? ", stop" : ", holding minimum (stop after " + secs(settings_.stop_delay) + ")");
    }
  } else {
    d.reason = "car is " + to_string(car.charging_state) + ": nothing to follow";
  }
  const auto& pw = s.powerwall;
  d.features = {
      {"solar_power_w", pw.solar_w},
      {"load_power_w", pw.load_w},
      {"grid_power_w", pw.grid_w},
      {"battery_power_w", pw.battery_w},
      {"surplus_w", surplus_delay::surplus_w(pw, car, settings_.default_voltage_v)},
      {"surplus_amps", static_cast<double>(target)},
      {"charger_actual_current_a", static_cast<double>(car.charger_actual_current)},
      {"charging_state", to_string(car.charging_state)},
      {"battery_row_id", static_cast<double>(pw.row_id)},
      {"vehicle_row_id", static_cast<double>(car.row_id)},
  };
  return d;
}

}  // namespace p15
