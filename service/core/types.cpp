#include "service/core/types.h"

namespace p15 {

std::string to_string(ChargingState s) {
  switch (s) {
    case ChargingState::Disconnected:
      return "Disconnected";
    case ChargingState::Stopped:
      return "Stopped";
    case ChargingState::Starting:
      return "Starting";
    case ChargingState::Charging:
      return "Charging";
    case ChargingState::Complete:
      return "Complete";
    case ChargingState::NoPower:
      return "NoPower";
  }
  return "Unknown";
}

std::string to_string(CommandKind k) {
  switch (k) {
    case CommandKind::SetChargingAmps:
      return "set_charging_amps";
    case CommandKind::ChargeStart:
      return "charge_start";
    case CommandKind::ChargeStop:
      return "charge_stop";
  }
  return "unknown";
}

std::string to_string(ChargeIntent i) {
  switch (i) {
    case ChargeIntent::Keep:
      return "keep";
    case ChargeIntent::Start:
      return "start";
    case ChargeIntent::Stop:
      return "stop";
  }
  return "unknown";
}

std::string to_string(VehicleState s) {
  switch (s) {
    case VehicleState::Online:
      return "online";
    case VehicleState::Asleep:
      return "asleep";
    case VehicleState::Offline:
      return "offline";
    case VehicleState::Unknown:
      break;
  }
  return "unknown";
}

std::string to_string(PlanAction a) {
  switch (a) {
    case PlanAction::None:
      return "none";
    case PlanAction::SetAmps:
      return "set_amps";
    case PlanAction::Start:
      return "start";
    case PlanAction::Stop:
      return "stop";
  }
  return "unknown";
}

VehicleState vehicle_state_from_string(const std::string& s) {
  for (auto st : {VehicleState::Online, VehicleState::Asleep, VehicleState::Offline}) {
    if (to_string(st) == s) return st;
  }
  return VehicleState::Unknown;
}

bool asleep_or_offline(VehicleState s) {
  return s == VehicleState::Asleep || s == VehicleState::Offline;
}

std::optional<ChargingState> charging_state_from_string(const std::string& s) {
  for (auto st : {ChargingState::Disconnected, ChargingState::Stopped, ChargingState::Starting,
                  ChargingState::Charging, ChargingState::Complete, ChargingState::NoPower}) {
    if (to_string(st) == s) return st;
  }
  return std::nullopt;
}

std::optional<double> number_feature(const Decision& d, const std::string& name) {
  for (const auto& f : d.features) {
    if (f.name == name && std::holds_alternative<double>(f.value)) return std::get<double>(f.value);
  }
  return std::nullopt;
}

std::string text_feature(const Decision& d, const std::string& name) {
  for (const auto& f : d.features) {
    if (f.name == name && std::holds_alternative<std::string>(f.value)) {
      return std::get<std::string>(f.value);
    }
  }
  return "";
}

}  // namespace p15
