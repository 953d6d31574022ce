#pragma once
// vehicle_model.data → VehicleReading. Pure: no I/O.
#include <cstdint>
#include <string>

#include "service/core/result.h"
#include "service/core/types.h"

namespace p15 {

// Accepts TeslaPy get_vehicle_data() and the Fleet API vehicle_data answer, which wraps the same
// document as {"response": {...}} (field paths then start with "response.").
// Required (missing, null or mistyped is an error): state, charge_state, and in it
// charging_state (one of the six known values), charger_actual_current, battery_level,
// battery_range.
// Optional, JSON null meaning absent (TeslaPy writes null while the car is unplugged):
// vin (""), charge_current_request and charge_current_request_max (nullopt: the policy decides
// the default), charger_voltage, charger_phases, charger_power, charge_limit_soc,
// charge_energy_added (0).
// Whole-number fields accept 16 or 16.0 and round. Rejected as absurd: non-finite numbers,
// currents or voltage outside 0..1000, phases outside 0..3, a percentage outside 0..100,
// a range outside 0..2000 mi, a power outside 0..1000 kW, an energy outside 0..1000 kWh.
// Errors are kind Invalid, worded `vehicle_model row <id>: field "<path>" <problem>`.
Result<VehicleReading> parse_vehicle_json(const std::string& json, std::int64_t row_id,
                                          TimePoint row_time);

}  // namespace p15
