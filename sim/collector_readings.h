#pragma once
// The readings the service's store gives back for the rows sim/collector_json.h writes, built
// straight from the models' state (Tesla's signs, Tesla's whole-number fields), for callers that
// skip the JSON: the backtest's in-memory store and the simulator's own ledger summary.
#include "service/core/types.h"
#include "sim/car_model.h"
#include "sim/home_model.h"

namespace p15::sim {

// The Powerwall's flows over the last step, with its state now.
PowerwallReading powerwall_reading(const PowerwallParams& params, const PowerwallState& state,
                                   const HomeFlows& flows);

// The car's charge state into `out` (vin, row id and time are left to the caller).
void fill_vehicle_reading(const CarParams& params, const CarState& car, VehicleReading& out);

}  // namespace p15::sim
