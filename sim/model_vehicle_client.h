#pragma once
// The service's VehicleClient in-process: each call becomes the request FleetClient would send
// through tesla-http-proxy, answered by the simulator's Tesla model (sim/tesla_front.h, the same
// answers and billing ledger the fake Fleet server sends over HTTP), and the answer is read with
// the service's own parsing (service/vehicle/http_answer.h). So the Commander above it sees what
// it would see from FleetClient, without sockets, and in simulated time.
#include <string>

#include "service/clock/clock.h"
#include "service/vehicle/http_answer.h"
#include "service/vehicle/vehicle_client.h"
#include "sim/tesla_front.h"

namespace p15::sim {

class ModelVehicleClient final : public VehicleClient {
 public:
  // `front` must accept `token` (TeslaAuth::accept_static). Requests arrive at `clock`'s time.
  ModelVehicleClient(TeslaFront& front, const Clock& clock, std::string token);

  std::string name() const override { return "model"; }
  ClientResponse send(const VehicleCommand& command) override;
  ClientResponse wake_up() override;
  ClientResponse poll_state() override;

  // The caller stepped the car model up to `t` (sim::step_car): later requests run only the
  // wake-up countdown, from there to the clock's time (the Commander's wait sleeps on it).
  void stepped_to(TimePoint t) { synced_ = t; }

 private:
  ClientResponse call(const std::string& method, const std::string& path, const std::string& body,
                      AnswerKind kind);
  void catch_up();

  TeslaFront& front_;
  const Clock& clock_;
  std::string token_;
  std::string vehicle_path_;
  TimePoint synced_{};
};

}  // namespace p15::sim
