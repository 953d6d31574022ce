#include "service/core/command_plan.h"

namespace p15 {

bool is_charging(ChargingState s) {
  return s == ChargingState::Charging || s == ChargingState::Starting;
}

namespace {

bool amps_differ(const Decision& d, const VehicleReading& car) {
  return !car.charge_current_request.has_value() || *car.charge_current_request != d.amps;
}

VehicleCommand set_amps(int amps) { return {CommandKind::SetChargingAmps, amps}; }

// Below 5 A the car takes a new current only when it is sent twice (domain.md section 6; the
// policies go there only when policy.min_amps allows it).
constexpr int kTwiceBelowAmps = 5;

void add_set_amps(std::vector<VehicleCommand>& commands, int amps) {
  commands.push_back(set_amps(amps));
  if (amps > 0 && amps < kTwiceBelowAmps) commands.push_back(set_amps(amps));
}

CommandPlan plan_for_charging(const Decision& d, const VehicleReading& car) {
  if (d.intent == ChargeIntent::Stop) {
    return {PlanAction::Stop, {{CommandKind::ChargeStop, 0}}, "stop charging: " + d.reason};
  }
  if (amps_differ(d, car)) {
    CommandPlan plan{PlanAction::SetAmps, {}, "set " + std::to_string(d.amps) + " A: " + d.reason};
    add_set_amps(plan.commands, d.amps);
    return plan;
  }
  return {PlanAction::None, {}, "amps unchanged at " + std::to_string(d.amps) + " A"};
}

CommandPlan plan_for_stopped(const Decision& d, const VehicleReading& car) {
  if (d.intent != ChargeIntent::Start) {
    return {PlanAction::None, {}, "not charging and no start wanted: " + d.reason};
  }
  CommandPlan plan{
      PlanAction::Start, {}, "start charging at " + std::to_string(d.amps) + " A: " + d.reason};
  if (amps_differ(d, car)) add_set_amps(plan.commands, d.amps);
  plan.commands.push_back({CommandKind::ChargeStart, 0});
  return plan;
}

}  // namespace

CommandPlan plan_commands(const Decision& d, const VehicleReading& car) {
  switch (car.charging_state) {
    case ChargingState::Disconnected:
      return {PlanAction::None, {}, "EV Disconnected"};
    case ChargingState::Charging:
    case ChargingState::Starting:
      return plan_for_charging(d, car);
    case ChargingState::Stopped:
      return plan_for_stopped(d, car);
    case ChargingState::Complete:
    case ChargingState::NoPower:
      break;
  }
  return {PlanAction::None, {}, "car is " + to_string(car.charging_state) + ": nothing to command"};
}

}  // namespace p15
