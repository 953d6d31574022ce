#pragma once
// The owner's hand on the car: when the charging current or the charging itself changes with no
// command from the service (the owner used the Tesla app, or the car's screen), the service stops
// steering that car for the rest of the plug-in session, and resumes when the car is unplugged or
// the owner asks (POST /resume-steering). Pure.
//
// A change is judged only between two charge states both read after the service's last command:
// the first one after a command is what the command did (the car may clamp the amps to its
// maximum, or refuse), so a car that did not do exactly what was asked is not mistaken for the
// owner.
#include <optional>
#include <string>

#include "service/core/types.h"

namespace p15 {

struct Steering {
  bool watching = false;         // a command was sent this session
  TimePoint last_command{};      // real UTC, the Cycle's clock
  bool seen = false;             // a charge state read after the last command
  std::optional<int> seen_amps;  // its charge_current_request (when the car reports one)
  bool seen_charging = false;
  std::optional<std::string> override_reason;  // set: the owner has the car
  TimePoint override_since{};
};

// The service sent a command that the car took (Done).
Steering after_command(Steering s, TimePoint now);

struct SteeringStep {
  Steering next;
  bool overridden_now = false;  // this reading showed the owner's change
  bool resumed_now = false;     // unplugged: an override ended
};

// One newest car row, as the cycle reads it.
SteeringStep observe_car(const Steering& s, const VehicleReading& car, TimePoint now);

// POST /resume-steering: the service steers again from the next cycle.
Steering resume_steering(const Steering& s);

}  // namespace p15
