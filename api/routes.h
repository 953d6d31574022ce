#pragma once
#include "api/router.h"
#include "api/use_cases.h"
#include "service/config/config.h"

namespace p15::api {

// Registers every endpoint: the original's under service.application_root, and /healthcheck and
// /metrics at the root. Each group of handlers keeps only its own calls from `use_cases`.
void register_routes(Router& router, const ServiceConfig& service, const UseCases& use_cases);

}  // namespace p15::api
