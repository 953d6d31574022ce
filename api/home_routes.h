#pragma once
// The owner's page (docs/home-page.md): GET {root}/home/ and its files from service.home_dir,
// uPlot's from home_dir/node_modules/uplot/dist as {root}/home/vendor/*, the live view as
// GET {root}/home/state, and GET {root}/events, the same view pushed after every cycle.
#include <cpprest/json.h>

#include "api/router.h"
#include "api/use_cases.h"
#include "service/config/config.h"

namespace p15::api {

// The live view as JSON: /home/state's answer and each "state" event's data.
web::json::value home_state_json(const HomeView& view, const ServiceFacts& facts,
                                 const std::vector<Alert>& alerts);

// The first chunk of an /events answer: the reconnection delay, then the state now.
std::string first_events_chunk(const std::string& state_json);

void register_home_routes(Router& router, const ServiceConfig& service, const UseCases& use_cases);

}  // namespace p15::api
