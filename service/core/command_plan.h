#pragma once
// From a decision to the commands the car needs, whatever the policy: the command layer's rules
// that keep every Tesla command (each billed, each a chance to wake the car) necessary.
#include "service/core/types.h"

namespace p15 {

// Rules, in order:
// - a Disconnected car gets nothing;
// - a charging car (Charging, Starting) gets charge_stop when the decision says stop, else
//   set_charging_amps only when the amps differ from its current request;
// - a Stopped car gets charge_start (preceded by set_charging_amps if the amps differ) when the
//   decision says start, else nothing: amps on a car that will not charge are a wasted command;
// - Complete and NoPower cars get nothing (a start would be refused).
CommandPlan plan_commands(const Decision& decision, const VehicleReading& car);

bool is_charging(ChargingState s);

}  // namespace p15
