#include "service/vehicle/none_client.h"

namespace p15 {
namespace {

ClientResponse dry_run() {
  return ClientResponse{Outcome::Done, 0, "dry run (vehicle.adapter=none)", Seconds{0},
                        VehicleState::Online};
}

}  // namespace

ClientResponse NoneClient::send(const VehicleCommand&) { return dry_run(); }
ClientResponse NoneClient::wake_up() { return dry_run(); }
ClientResponse NoneClient::poll_state() { return dry_run(); }

}  // namespace p15
