#pragma once
// GET and PUT {application_root}/vehicles/{vin}/charge-mode: the owner's charge mode for the
// configured car. Translation only: validation is core's parse_charge_mode, storage behind
// ChargeModeCalls.
#include <cpprest/json.h>

#include "api/router.h"
#include "api/use_cases.h"

namespace p15::api {

// The PUT body's fields as core's validator takes them.
ChargeModeInput charge_mode_input(const web::json::value& body);

// What both methods answer; no `updated_at` means the policy's default (no row yet).
web::json::value charge_mode_json(const std::string& vin, const ChargeModeSetting& setting,
                                  const std::optional<TimePoint>& updated_at,
                                  const std::string& policy);

// GET and PUT {application_root}/vehicles/{facts.vin}/charge-mode.
void register_charge_mode_routes(Router& router, const std::string& application_root,
                                 const ServiceFacts& facts, const ChargeModeCalls& calls);

}  // namespace p15::api
