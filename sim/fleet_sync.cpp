#include "sim/fleet_sync.h"

#include <cmath>

#include "sim/collector_json.h"

namespace p15::sim {

FleetChanges read_back(const FakeCar& fake, const FleetMirror& last, CarState& car) {
  FleetChanges c;
  if (last.charge_current_request >= 0 &&
      fake.charge_current_request != last.charge_current_request) {
    car.charge_current_request = fake.charge_current_request;
    c.amps_set = true;
  }
  if (!last.charging_state.empty() && fake.charging_state != last.charging_state) {
    // The fake refuses charge_start when disconnected or complete, so a change is a real one.
    if (fake.charging_state == "Charging" && plugged_in(car)) {
      car.charging_state = ChargingState::Charging;
      c.started = true;
    } else if (fake.charging_state == "Stopped" && plugged_in(car)) {
      car.charging_state = ChargingState::Stopped;
      c.stopped = true;
    }
  }
  if (last.state == "asleep" && fake.state == "online") c.woken = true;
  if (c.any()) note_activity(car);
  return c;
}

void publish(const CarParams& p, const CarState& car, FakeCar& fake, FleetMirror& last) {
  const bool plugged = plugged_in(car);
  fake.state = car.asleep ? "asleep" : "online";
  fake.charging_state = to_string(car.charging_state);
  fake.charger_actual_current = static_cast<int>(std::lround(car.charger_actual_current));
  fake.charge_current_request = car.charge_current_request;
  fake.charge_current_request_max = charge_current_request_max(p);
  fake.charger_voltage = plugged ? static_cast<int>(std::lround(p.voltage_v)) : 0;
  fake.charger_phases = plugged ? 1 : 0;
  fake.charger_power_kw = std::round(charger_power_kw(p, car));
  fake.battery_level = reported_battery_level(car);
  fake.battery_range_mi = std::round(battery_range_mi(p, car) * 100) / 100;
  fake.charge_limit_soc = car.charge_limit_soc;
  fake.charge_energy_added_kwh = std::round(car.charge_energy_added_kwh * 100) / 100;
  fake.minutes_to_full_charge = static_cast<int>(std::lround(minutes_to_full_charge(p, car)));
  last.charge_current_request = fake.charge_current_request;
  last.charging_state = fake.charging_state;
  last.state = fake.state;
}

}  // namespace p15::sim
