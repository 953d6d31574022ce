#include "bench/report.h"

#include <cmath>
#include <cstdio>
#include <sstream>

namespace p15::bench {

namespace {

std::string fmt(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string pct(const std::optional<double>& v) { return v ? fmt(*v * 100, 1) + " %" : "-"; }

const Row* find(const CaseResult& c, const std::string& name) {
  for (const Row& r : c.rows) {
    if (r.policy == name) return &r;
  }
  return nullptr;
}

double per_day(long long n, double days) { return days > 0 ? static_cast<double>(n) / days : 0; }

}  // namespace

Row row_from(const ReplayResult& r) {
  Row x;
  x.policy = r.policy;
  x.import_kwh = r.import_kwh;
  x.export_kwh = r.export_kwh;
  x.topup_kwh = r.topup_kwh;
  x.bill = r.bill();
  x.car_kwh = r.ledger.car_kwh;
  x.car_solar_kwh = r.ledger.solar_kwh;
  x.car_battery_kwh = r.ledger.powerwall_kwh;
  x.car_grid_kwh = r.ledger.grid_kwh;
  x.car_cost = r.ledger.cost;
  x.car_baseline_cost = r.ledger.baseline_cost;
  x.commands = r.commands;
  x.wake_ups = r.wake_ups;
  x.starts = r.starts;
  x.site_requests = r.site_requests;
  x.max_site_requests_day = r.max_site_requests_day;
  x.min_powerwall_percent = r.min_powerwall_percent;
  x.days = r.days;
  return x;
}

Row row_from(const std::string& name, const LpResult& r, double days) {
  Row x;
  x.policy = name;
  x.bound = true;
  x.import_kwh = r.import_kwh;
  x.export_kwh = r.export_kwh;
  x.topup_kwh = r.topup_kwh;
  x.bill = r.bill;
  x.car_kwh = r.car_kwh;
  x.car_solar_kwh = r.car_solar_kwh;
  x.car_battery_kwh = r.car_battery_kwh;
  x.car_grid_kwh = r.car_grid_kwh;
  x.days = days;
  x.solve_s = r.solve_s;
  return x;
}

std::optional<double> share_captured(const CaseResult& c, const Row& row,
                                     const std::string& reference) {
  const Row* base = find(c, "charge-now");
  const Row* ref = find(c, reference);
  if (base == nullptr || ref == nullptr) return std::nullopt;
  const double achievable = base->bill - ref->bill;
  if (std::abs(achievable) < 1e-9) return std::nullopt;
  return (base->bill - row.bill) / achievable;
}

std::string markdown(const std::vector<CaseResult>& cases) {
  std::ostringstream o;
  for (const CaseResult& c : cases) {
    o << "### " << c.dataset << " / " << c.tariff << " / " << c.profile << " (" << c.period
      << ")\n\n"
      << "| policy | import kWh | export kWh | top-up kWh | bill $ | captured (optimum) | "
         "captured (self-powered) | car kWh solar / battery / grid | commands | commands/day | "
         "wake-ups | starts | Powerwall settings/day (most in a day) | Powerwall min % |\n"
      << "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n";
    for (const Row& r : c.rows) {
      o << "| " << r.policy << " | " << fmt(r.import_kwh, 0) << " | " << fmt(r.export_kwh, 0)
        << " | " << fmt(r.topup_kwh, 0) << " | " << fmt(r.bill, 2) << " | "
        << pct(share_captured(c, r, "optimum")) << " | "
        << pct(share_captured(c, r, "self-powered")) << " | " << fmt(r.car_solar_kwh, 0) << " / "
        << fmt(r.car_battery_kwh, 0) << " / " << fmt(r.car_grid_kwh, 0) << " | ";
      if (r.bound) {
        o << "- | - | - | - | - | - |\n";
      } else {
        o << r.commands << " | " << fmt(per_day(r.commands, r.days), 1) << " | " << r.wake_ups
          << " | " << r.starts << " | " << fmt(per_day(r.site_requests, r.days), 2) << " ("
          << r.max_site_requests_day << ") | " << fmt(r.min_powerwall_percent, 1) << " |\n";
      }
    }
    o << "\n";
  }
  return o.str();
}

std::string csv(const std::vector<CaseResult>& cases) {
  std::ostringstream o;
  o << "dataset,tariff,profile,policy,import_kwh,export_kwh,topup_kwh,bill_usd,"
       "share_of_saving_optimum,share_of_saving_self_powered,car_kwh,car_solar_kwh,"
       "car_battery_kwh,car_grid_kwh,car_cost_usd,car_baseline_usd,commands,commands_per_day,wake_"
       "ups,"
       "starts,days,lp_solve_s,powerwall_settings,powerwall_min_percent,powerwall_settings_max_"
       "day\n";
  auto opt = [](const std::optional<double>& v) { return v ? fmt(*v, 4) : std::string(); };
  for (const CaseResult& c : cases) {
    for (const Row& r : c.rows) {
      o << c.dataset << ',' << c.tariff << ',' << c.profile << ',' << r.policy << ','
        << fmt(r.import_kwh, 3) << ',' << fmt(r.export_kwh, 3) << ',' << fmt(r.topup_kwh, 3) << ','
        << fmt(r.bill, 4) << ',' << opt(share_captured(c, r, "optimum")) << ','
        << opt(share_captured(c, r, "self-powered")) << ',' << fmt(r.car_kwh, 3) << ','
        << fmt(r.car_solar_kwh, 3) << ',' << fmt(r.car_battery_kwh, 3) << ','
        << fmt(r.car_grid_kwh, 3) << ',' << (r.bound ? "" : fmt(r.car_cost, 4)) << ','
        << (r.bound ? "" : fmt(r.car_baseline_cost, 4)) << ','
        << (r.bound ? "" : std::to_string(r.commands)) << ','
        << (r.bound ? "" : fmt(per_day(r.commands, r.days), 2)) << ','
        << (r.bound ? "" : std::to_string(r.wake_ups)) << ','
        << (r.bound ? "" : std::to_string(r.starts)) << ',' << fmt(r.days, 2) << ','
        << (r.bound ? fmt(r.solve_s, 2) : "") << ','
        << (r.bound ? "" : std::to_string(r.site_requests)) << ','
        << (r.bound ? "" : fmt(r.min_powerwall_percent, 2)) << ','
        << (r.bound ? "" : std::to_string(r.max_site_requests_day)) << '\n';
    }
  }
  return o.str();
}

}  // namespace p15::bench
