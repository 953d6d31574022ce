#include "api/savings.h"

#include <charconv>
#include <cmath>

#include "api/json_mapping.h"

namespace p15::api {

namespace {

// cpprest writes every double with 17 digits (470.17185000000001); these figures are read by
// people, so they are rounded to 6 decimals and written in their shortest exact form instead.
std::string number(double v) {
  const double r = std::round(v * 1e6) / 1e6 + 0.0;  // + 0.0: no "-0"
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, r);
  return ec == std::errc() ? std::string(buf, end) : "0";
}

std::string text(const std::string& s) { return web::json::value::string(s).serialize(); }

std::string period_json(const LedgerTotals& t, const std::optional<TimePoint>& from) {
  std::string out = "{";
  if (from) out += "\"from\":" + text(iso8601(*from)) + ",";
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
  for (const auto& [name, v] : fields) out += std::string(",\"") + name + "\":" + number(v);
  return out + "}";
}

}  // namespace

std::string savings_json(const SavingsTotals& totals, const SavingsPeriods& periods,
                         const Tariff& tariff, TimePoint now) {
  return "{\"as_of\":" + text(iso8601(now)) + ",\"tariff\":" + text(tariff.name) +
         ",\"zone\":" + text(tariff.import_price.zone.name) + ",\"baseline\":\"charge-now\"" +
         ",\"today\":" + period_json(totals.today, periods.today_start) +
         ",\"month\":" + period_json(totals.month, periods.month_start) +
         ",\"total\":" + period_json(totals.total, std::nullopt) + "}";
}

Response savings(Services& s) {
  const TimePoint now = s.clock.now();
  const Tariff& tariff = s.cycle.ledger_settings().tariff;
  const SavingsPeriods periods = savings_periods(tariff.import_price.zone, now);
  auto totals = s.store.savings_totals(periods);
  if (!totals.ok()) {
    if (totals.error().kind == ErrorKind::Unavailable) s.metrics.db_error();
    return json_response(503, error_json(totals.error()).serialize());
  }
  return json_response(200, savings_json(*totals, periods, tariff, now));
}

}  // namespace p15::api
