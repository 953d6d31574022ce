#include "api/alert_routes.h"

#include <cpprest/json.h>

#include <charconv>
#include <cmath>

#include "api/json_mapping.h"
#include "service/core/time_text.h"

namespace p15::api {
namespace {

// As /savings writes its figures: 6 decimals, shortest exact form (cpprest writes 17 digits).
std::string number(double v) {
  const double r = std::round(v * 1e6) / 1e6 + 0.0;  // + 0.0: no "-0"
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, r);
  return ec == std::errc() ? std::string(buf, end) : "0";
}

std::string text(const std::string& s) { return web::json::value::string(s).serialize(); }

}  // namespace

std::string alerts_json(const std::vector<Alert>& alerts) {
  std::string out = "{\"alerts\":[";
  for (std::size_t i = 0; i < alerts.size(); ++i) {
    const Alert& a = alerts[i];
    out += (i == 0 ? "{" : ",{");
    out += "\"kind\":" + text(to_string(a.kind)) + ",\"since\":" + text(format_utc(a.since)) +
           ",\"message\":" + text(a.message) + ",\"action\":" + text(a.action) + "}";
  }
  return out + "]}";
}

std::string tesla_usage_json(const TeslaUsageMonth& m) {
  std::string out = "{\"month\":" + text(m.month) + ",\"categories\":[";
  for (std::size_t i = 0; i < m.categories.size(); ++i) {
    const TeslaUsage& c = m.categories[i];
    out += (i == 0 ? "{" : ",{");
    out += "\"category\":" + text(c.category) + ",\"requests\":" + std::to_string(c.requests) +
           ",\"billed\":" + std::to_string(c.billed) + ",\"dollars\":" + number(c.dollars) + "}";
  }
  return out + "],\"dollars\":" + number(m.dollars) +
         ",\"credit_dollars\":" + number(m.credit_dollars) +
         ",\"share_of_credit\":" + number(m.share_of_credit) + "}";
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
