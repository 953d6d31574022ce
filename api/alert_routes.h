#pragma once
// GET {application_root}/alerts (the active alerts, service/core/alerts.h) and
// GET {application_root}/tesla-usage (Tesla's bill this month against the $10 credit).
// Translation only: the rules are core's, the counts the store's.
#include <string>

#include "api/router.h"
#include "api/use_cases.h"

namespace p15::api {

std::string alerts_json(const std::vector<Alert>& alerts);
std::string tesla_usage_json(const TeslaUsageMonth& m);

void register_alert_routes(Router& router, const std::string& application_root,
                           const AlertCalls& calls);

}  // namespace p15::api
