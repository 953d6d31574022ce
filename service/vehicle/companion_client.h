#pragma once
// The original project's companion service ("project_10th_street"), which held the Tesla session
// and carried the commands. Its API, as the original project_15th_street called it
// (project/controllers/vehicle.py): plain GETs without parameters under /project_10th_street/:
//   /wake-up, /start-charge, /stop-charge, /charging-amps, /vehicle.
// The original /charging-amps carried no amps: the companion read the newest amps from
// smart_charger_model itself. We add `?charging_amps=N` so a companion may use the value; one
// that reads the table ignores the parameter (Flask ignores unknown query arguments).
// The companion's answer bodies are not documented: 200 (or any 2xx) is Done; a Fleet-style
// {"response": {"result": false, "reason": ...}} is honoured when present; other statuses map
// like the Fleet API's (408 asleep, 429, 401, 5xx, other 4xx rejected).
#include <chrono>
#include <memory>
#include <string>

#include "service/config/config.h"
#include "service/vehicle/vehicle_client.h"

namespace p15 {

class CompanionClient final : public VehicleClient {
 public:
  // base_url: scheme://host:port of the companion (without /project_10th_street).
  CompanionClient(std::string base_url, std::chrono::milliseconds timeout);
  explicit CompanionClient(const VehicleConfig& config);
  ~CompanionClient() override;

  std::string name() const override { return "companion"; }
  ClientResponse send(const VehicleCommand& command) override;
  ClientResponse wake_up() override;
  // GET /vehicle, reading `state` (top level or under `response`). A 200 without a state (or with
  // a word Tesla does not document) is taken as "online": the companion could only answer with
  // vehicle data from an awake car.
  ClientResponse poll_state() override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace p15
