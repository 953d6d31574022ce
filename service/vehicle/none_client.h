#pragma once
// Dry run (vehicle.adapter=none): nothing leaves the process; every call "succeeds" so the rest
// of the service (decisions, records, reports) runs as it would with a car.
#include "service/vehicle/vehicle_client.h"

namespace p15 {

class NoneClient final : public VehicleClient {
 public:
  std::string name() const override { return "none"; }
  ClientResponse send(const VehicleCommand& command) override;
  ClientResponse wake_up() override;
  ClientResponse poll_state() override;
};

}  // namespace p15
