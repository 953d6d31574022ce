#include "sim/model_vehicle_client.h"

#include "service/vehicle/fleet_client.h"

namespace p15::sim {
namespace {

std::string header(const TeslaAnswer& a, const char* name) {
  for (const auto& [key, value] : a.headers) {
    if (key == name) return value;
  }
  return "";
}

}  // namespace

ModelVehicleClient::ModelVehicleClient(TeslaFront& front, const Clock& clock, std::string token)
    : front_(front),
      clock_(clock),
      token_(std::move(token)),
      vehicle_path_("/api/1/vehicles/" + front.car().vin),
      synced_(clock.now()) {}

void ModelVehicleClient::catch_up() {
  const TimePoint now = clock_.now();
  if (now <= synced_) return;
  step_presence(front_.car().state, static_cast<double>((now - synced_).count()));
  synced_ = now;
}

ClientResponse ModelVehicleClient::call(const std::string& method, const std::string& path,
                                        const std::string& body, AnswerKind kind) {
  catch_up();
  TeslaRequest r{method, path, "", body, "Bearer " + token_, "application/json"};
  const TeslaAnswer a = front_.handle(r, clock_.now());
  const RateHeaders rate{header(a, "Retry-After"), header(a, "RateLimit-Reset")};
  return map_http_answer(a.status, a.body, rate, kind, token_);
}

ClientResponse ModelVehicleClient::send(const VehicleCommand& command) {
  return call("POST", vehicle_path_ + "/" + command_path(command.kind), command_body(command),
              AnswerKind::Command);
}

ClientResponse ModelVehicleClient::wake_up() {
  return call("POST", vehicle_path_ + "/wake_up", "{}", AnswerKind::State);
}

ClientResponse ModelVehicleClient::poll_state() {
  return call("GET", vehicle_path_, "", AnswerKind::State);
}

}  // namespace p15::sim
