#pragma once
// Builds the VehicleClient that vehicle.adapter names, checking the settings it needs.
#include <memory>

#include "service/config/config.h"
#include "service/core/result.h"
#include "service/vehicle/fleet_client.h"
#include "service/vehicle/vehicle_client.h"

namespace p15 {

// fleet needs vin, fleet_base_url (http/https) and, unless the transport is ble, fleet_token;
// companion needs companion_base_url; none needs nothing. Errors name the setting, never the
// token's value. `observer` sees every answer the fleet adapter gets (request and cost metrics).
Result<std::unique_ptr<VehicleClient>> make_vehicle_client(const VehicleConfig& config,
                                                           TeslaAnswerObserver observer = {});

}  // namespace p15
