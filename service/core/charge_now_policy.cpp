#include "service/core/charge_now_policy.h"

namespace p15 {

Decision ChargeNowPolicy::decide(const Snapshot& s) const {
  const VehicleReading& car = s.vehicle;
  Decision d;
  d.policy = name();
  d.amps = car.charge_current_request_max.value_or(charge_now::kDefaultMaxAmps);
  d.intent =
      car.charging_state == ChargingState::Stopped ? ChargeIntent::Start : ChargeIntent::Keep;
  d.reason = "charge now at " + std::to_string(d.amps) + " A, " + to_string(car.charging_state) +
             ", " + to_string(d.intent);
  d.features = {
      {"charging_state", to_string(car.charging_state)},
      {"charger_actual_current_a", static_cast<double>(car.charger_actual_current)},
      {"charge_current_request_max_a", static_cast<double>(d.amps)},
      {"battery_level", car.battery_level},
      {"vehicle_row_id", static_cast<double>(car.row_id)},
  };
  return d;
}

}  // namespace p15
