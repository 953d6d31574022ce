#include "service/core/owner_override.h"

#include "service/core/command_plan.h"

namespace p15 {

Steering after_command(Steering s, TimePoint now) {
  s.watching = true;
  s.last_command = now;
  s.seen = false;
  return s;
}

SteeringStep observe_car(const Steering& s, const VehicleReading& car, TimePoint now) {
  SteeringStep step{s};
  if (car.charging_state == ChargingState::Disconnected) {
    step.resumed_now = s.override_reason.has_value();
    step.next = Steering{};
    return step;
  }
  if (s.override_reason || !s.watching) return step;
  const TimePoint read_at = car.charge_state_time.value_or(car.row_time);
  if (read_at <= s.last_command) return step;  // from before the command: says nothing
  const std::optional<int> amps = car.charge_current_request;
  const bool charging = is_charging(car.charging_state);
  Steering& n = step.next;
  if (!n.seen) {
    n.seen = true;
    n.seen_amps = amps;
    n.seen_charging = charging;
    return step;
  }
  std::optional<std::string> why;
  if (amps && n.seen_amps && *amps != *n.seen_amps) {
    why = "the charging current went from " + std::to_string(*n.seen_amps) + " A to " +
          std::to_string(*amps) + " A with no command from the service";
  } else if (charging != n.seen_charging &&
             (charging || car.charging_state == ChargingState::Stopped)) {
    why = std::string("charging ") + (charging ? "started" : "stopped") +
          " with no command from the service";
  }
  if (amps) n.seen_amps = amps;
  n.seen_charging = charging;
  if (why) {
    n.override_reason = *why + ": the owner took over (the Tesla app)";
    n.override_since = now;
    step.overridden_now = true;
  }
  return step;
}

Steering resume_steering(const Steering&) { return Steering{}; }

}  // namespace p15
