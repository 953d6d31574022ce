// The fake car's side of the Fleet API: what a command does to an online car, and how the car
// reads in vehicle_data. Kept apart from the HTTP plumbing so the simulator can reuse it.
#include <cpprest/json.h>

#include <chrono>

#include "sim/fake_fleet.h"

namespace p15::sim {
namespace {

using web::json::value;

bool is_charging(const std::string& s) { return s == "Charging" || s == "Starting"; }

FleetCommandResult refuse(std::string reason) { return FleetCommandResult{200, false, reason}; }

FleetCommandResult set_charging_amps(FakeCar& car, const std::string& body) {
  value j;
  try {
    j = value::parse(body);
  } catch (const std::exception&) {
    return FleetCommandResult{400, false, "invalid json body"};
  }
  if (!j.is_object() || !j.has_field("charging_amps") || !j.at("charging_amps").is_integer()) {
    return FleetCommandResult{400, false, "charging_amps (integer) is required"};
  }
  int amps = j.at("charging_amps").as_integer();
  if (amps < 0 || amps > car.charge_current_request_max) return refuse("invalid_charging_amps");
  car.charge_current_request = amps;
  return {};
}

FleetCommandResult charge_start(FakeCar& car) {
  if (car.charging_state == "Disconnected") return refuse("disconnected");
  if (is_charging(car.charging_state)) return refuse("is_charging");
  if (car.charging_state == "Complete") return refuse("complete");
  car.charging_state = "Charging";
  return {};
}

FleetCommandResult charge_stop(FakeCar& car) {
  if (!is_charging(car.charging_state)) return refuse("not_charging");
  car.charging_state = "Stopped";
  return {};
}

}  // namespace

FleetCommandResult apply_fleet_command(FakeCar& car, const std::string& command,
                                       const std::string& json_body) {
  if (command == "set_charging_amps") return set_charging_amps(car, json_body);
  if (command == "charge_start") return charge_start(car);
  if (command == "charge_stop") return charge_stop(car);
  return FleetCommandResult{404, false, "unknown command " + command};
}

std::string fleet_vehicle_data_json(const FakeCar& car) {
  auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
  value cs;
  cs["charging_state"] = value::string(car.charging_state);
  cs["charger_actual_current"] = value::number(car.charger_actual_current);
  cs["charge_current_request"] = value::number(car.charge_current_request);
  cs["charge_current_request_max"] = value::number(car.charge_current_request_max);
  cs["charger_voltage"] = value::number(car.charger_voltage);
  cs["charger_phases"] = value::number(car.charger_phases);
  cs["charger_power"] = value::number(car.charger_power_kw);
  cs["battery_level"] = value::number(car.battery_level);
  cs["battery_range"] = value::number(car.battery_range_mi);
  cs["charge_limit_soc"] = value::number(car.charge_limit_soc);
  cs["minutes_to_full_charge"] = value::number(car.minutes_to_full_charge);
  cs["charge_energy_added"] = value::number(car.charge_energy_added_kwh);
  cs["timestamp"] = value::number(static_cast<int64_t>(now_ms));
  value resp;
  resp["state"] = value::string(car.state);
  resp["vin"] = value::string(car.vin);
  resp["charge_state"] = cs;
  value v;
  v["response"] = resp;
  return v.serialize();
}

}  // namespace p15::sim
