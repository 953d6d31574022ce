#include "api/alert_routes.h"

#include <cpprest/json.h>

#include "api/json_mapping.h"
#include "api/savings.h"
#include "service/core/time_text.h"

namespace p15::api {
std::string alerts_json(const std::vector<Alert>& alerts) {
  std::string out = "{\"alerts\":[";
  for (std::size_t i = 0; i < alerts.size(); ++i) {
    const Alert& a = alerts[i];
    out += (i == 0 ? "{" : ",{");
    out += "\"kind\":" + json_text(to_string(a.kind)) +
           ",\"since\":" + json_text(format_utc(a.since)) + ",\"message\":" + json_text(a.message) +
           ",\"action\":" + json_text(a.action) + "}";
  }
  return out + "]}";
}

std::string tesla_usage_json(const TeslaUsageMonth& m) {
  std::string out = "{\"month\":" + json_text(m.month) + ",\"categories\":[";
  for (std::size_t i = 0; i < m.categories.size(); ++i) {
    const TeslaUsage& c = m.categories[i];
    out += (i == 0 ? "{" : ",{");
    out += "\"category\":" + json_text(c.category) + ",\"requests\":" + std::to_string(c.requests) +
           ",\"billed\":" + std::to_string(c.billed) + ",\"dollars\":" + rounded_number(c.dollars) +
           "}";
  }
  return out + "],\"dollars\":" + rounded_number(m.dollars) +
         ",\"credit_dollars\":" + rounded_number(m.credit_dollars) +
         ",\"share_of_credit\":" + rounded_number(m.share_of_credit) + "}";
}

void register_alert_routes(Router& router, const std::string& root, const AlertCalls& calls) {
  router.add("GET", root + "/alerts", [calls](const Request&) {
    return json_response(200, alerts_json(calls.active ? calls.active() : std::vector<Alert>{}));
  });
  router.add("GET", root + "/tesla-usage", [calls](const Request&) {
    if (!calls.tesla_usage) return refused(Error{"Tesla usage is not wired", ErrorKind::NotFound});
    auto m = calls.tesla_usage();
    return m.ok() ? json_response(200, tesla_usage_json(*m)) : refused(m.error());
  });
}

}  // namespace p15::api
