#pragma once
// Keeps the fake Fleet API's car and the car model in step. The fake only records what commands
// asked for (charge_current_request, charging_state, state after wake_up); the model owns the
// physics. Each tick reads back what changed since the simulator's last write, then writes the
// model's new state over it.
#include <string>

#include "sim/car_model.h"
#include "sim/fake_fleet.h"

namespace p15::sim {

// What the simulator last wrote into the fake, to tell the service's changes from its own.
struct FleetMirror {
  int charge_current_request = -1;
  std::string charging_state;
  std::string state;
};

struct FleetChanges {
  bool amps_set = false;  // charge_current_request changed (set_charging_amps)
  bool started = false;   // charging_state became Charging (charge_start)
  bool stopped = false;   // charging_state became Stopped (charge_stop)
  bool woken = false;     // the car came online after being asleep (wake_up)
  bool any() const { return amps_set || started || stopped || woken; }
};

// Applies the service's commands, as the fake recorded them, to the model.
FleetChanges read_back(const FakeCar& fake, const FleetMirror& last, CarState& car);

// Publishes the model's state to the fake and remembers what was written.
void publish(const CarParams& params, const CarState& car, FakeCar& fake, FleetMirror& last);

}  // namespace p15::sim
