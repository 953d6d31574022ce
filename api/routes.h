#pragma once
#include "api/router.h"
#include "service/config/config.h"
#include "service/poll/cycle.h"
#include "service/poll/poller.h"

namespace p15::api {

// What the handlers translate to and from; owned by the App.
struct Services {
  const Config& config;
  Cycle& cycle;
  Poller& poller;
  Metrics& metrics;
  Store& store;
  Commander& commander;
  Clock& clock;
  // The policy's settings (the smart policy's mode, departure and target are a car's default
  // charge mode) and the home's clock (checked by /healthcheck).
  const PolicySettings& policy_settings;
  HomeClock& home_clock;
};

// Registers every endpoint: the original's under service.application_root, and /healthcheck and
// /metrics at the root.
void register_routes(Router& router, Services& services);

}  // namespace p15::api
