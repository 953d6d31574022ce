#include "api/savings.h"

#include <charconv>
#include <cmath>

#include "api/json_mapping.h"
#include "service/core/time_text.h"

namespace p15::api {

namespace {

std::string period_json(const LedgerTotals& t, const std::optional<TimePoint>& from) {
  std::string out = "{";
  if (from) out += "\"from\":" + json_text(format_utc(*from)) + ",";
  out += "\"cycles\":" + std::to_string(t.cycles);
  const std::pair<const char*, double> fields[] = {{"car_kwh", t.car_kwh},
                                                   {"solar_kwh", t.solar_kwh},
                                                   {"powerwall_kwh", t.powerwall_kwh},
                                                   {"grid_kwh", t.grid_kwh},
                                                   {"grid_cost", t.grid_cost},
                                                   {"export_forgone", t.export_forgone},
                                                   {"powerwall_value", t.powerwall_value},
                                                   {"cost", t.cost},
                                                   {"baseline_cost", t.baseline_cost},
                                                   {"saving", t.saving()}};
  for (const auto& [name, v] : fields) out += std::string(",\"") + name + "\":" + rounded_number(v);
  return out + "}";
}

}  // namespace

// cpprest writes every double with 17 digits (470.17185000000001); these figures are read by
// people, so they are rounded to 6 decimals and written in their shortest exact form instead.
std::string rounded_number(double v) {
  const double r = std::round(v * 1e6) / 1e6 + 0.0;  // + 0.0: no "-0"
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, r);
  return ec == std::errc() ? std::string(buf, end) : "0";
}

std::string json_text(const std::string& s) { return web::json::value::string(s).serialize(); }

std::string savings_json(const SavingsNow& s) {
  return "{\"as_of\":" + json_text(format_utc(s.now)) + ",\"tariff\":" + json_text(s.tariff) +
         ",\"zone\":" + json_text(s.zone) + ",\"baseline\":\"charge-now\"" +
         ",\"today\":" + period_json(s.totals.today, s.periods.today_start) +
         ",\"month\":" + period_json(s.totals.month, s.periods.month_start) +
         ",\"year\":" + period_json(s.totals.year, s.periods.year_start) +
         ",\"total\":" + period_json(s.totals.total, std::nullopt) + "}";
}

Response savings(const SavingsCalls& calls) {
  auto now = calls.totals_now();
  return now.ok() ? json_response(200, savings_json(*now)) : refused(now.error());
}

}  // namespace p15::api
