#include "sim/sim_report.h"

#include <cmath>
#include <cstdio>

#include "sim/json_number.h"
#include "sim/sim_time.h"

namespace p15::sim {

namespace {

using web::json::value;

// 24 values, index = the local hour of day.
value by_hour(const std::array<double, 24>& kwh) {
  std::vector<value> out;
  for (double v : kwh) out.push_back(rounded(v, 3));
  return value::array(out);
}

value energy_json(const SimStats& s) {
  value e;
  e["solar_kwh"] = rounded(s.solar_kwh, 3);
  e["house_kwh"] = rounded(s.house_kwh, 3);
  e["imported_kwh"] = rounded(s.grid.import_kwh, 3);
  e["exported_kwh"] = rounded(s.grid.export_kwh, 3);
  e["car_kwh"] = rounded(s.car_kwh, 3);
  e["car_battery_kwh"] = rounded(s.car_battery_kwh, 3);
  e["car_from_solar_kwh"] = rounded(s.car_from_solar_kwh, 3);
  e["car_from_powerwall_kwh"] = rounded(s.car_from_powerwall_kwh, 3);
  e["car_from_grid_kwh"] = rounded(s.car_from_grid_kwh, 3);
  e["car_kwh_by_local_hour"] = by_hour(s.car_kwh_by_hour);
  e["car_from_grid_kwh_by_local_hour"] = by_hour(s.car_from_grid_kwh_by_hour);
  return e;
}

value cost_json(const SimStats& s, const std::string& tariff_name) {
  value c;
  c["tariff"] = value::string(tariff_name);
  c["import_usd"] = rounded(s.grid.import_cost, 4);
  c["export_credit_usd"] = rounded(s.grid.export_credit, 4);
  c["net_usd"] = rounded(s.grid.net_cost(), 4);
  // The car's energy as the service's ledger prices it, and what charge-now would have paid.
  c["car_cost_usd"] = rounded(s.car_ledger.cost, 4);
  c["car_baseline_usd"] = rounded(s.car_ledger.baseline_cost, 4);
  return c;
}

value car_json(const SimStats& s) {
  value c;
  c["soc_percent"] = rounded(s.car_soc, 2);
  c["charging_state"] = value::string(s.charging_state);
  c["asleep"] = value::boolean(s.car_asleep);
  c["charger_actual_current"] = rounded(s.car_amps, 1);
  c["charge_current_request"] = value::number(s.car_request_amps);
  c["commands"] = value::number(s.commands);
  c["wake_ups"] = value::number(s.wake_ups);
  c["commands_while_disconnected"] = value::number(s.commands_while_disconnected);
  c["amps_changes"] = value::number(s.amps_changes);
  c["charge_starts"] = value::number(s.charge_starts);
  c["charge_stops"] = value::number(s.charge_stops);
  c["times_fell_asleep"] = value::number(s.car_sleeps);
  c["trips"] = value::number(s.trips);
  return c;
}

value powerwall_json(const SimStats& s, const SimConfig& config) {
  value p;
  p["soc_percent"] = rounded(s.powerwall_soc, 2);
  p["min_soc_percent"] = rounded(s.min_powerwall_soc, 2);
  p["backup_reserve_percent"] = rounded(config.powerwall.backup_reserve_percent, 1);
  p["went_below_reserve"] = value::boolean(s.powerwall_below_reserve);
  p["solar_w"] = rounded(s.last_flows.solar_w, 1);
  p["load_w"] = rounded(s.last_flows.load_w, 1);
  p["battery_w"] = rounded(s.last_flows.battery_w, 1);
  p["grid_w"] = rounded(s.last_flows.grid_w, 1);
  return p;
}

// What Tesla would bill for the service's requests: by category, requests and billed ones by
// Fleet's own status, and dollars at tesla_prices().
value tesla_json(const BillingLedger& ledger) {
  value categories = value::object();
  for (const auto& [category, by_status] : ledger.counts()) {
    value by = value::object();
    for (const auto& [status, n] : by_status) {
      by[std::to_string(status)] = value::number(static_cast<int64_t>(n));
    }
    value c;
    c["requests"] = value::number(static_cast<int64_t>(ledger.requests(category)));
    c["billed"] = value::number(static_cast<int64_t>(ledger.billed(category)));
    c["usd"] = rounded(ledger.dollars(category), 4);
    c["by_fleet_status"] = by;
    categories[to_string(category)] = c;
  }
  value t;
  t["categories"] = categories;
  t["usd"] = rounded(ledger.dollars(), 4);
  return t;
}

}  // namespace

value status_json(const SimStats& s, const SimConfig& config, const std::string& tariff_name) {
  value v;
  v["simulated_time_local"] = value::string(format_wall(s.sim_local));
  v["simulated_time_utc"] =
      value::string(format_wall(LocalSeconds{s.sim_utc.time_since_epoch()}) + "Z");
  v["simulated_hours"] = rounded(s.simulated_h, 3);
  v["ticks"] = value::number(static_cast<int64_t>(s.ticks));
  v["energy"] = energy_json(s);
  v["cost"] = cost_json(s, tariff_name);
  v["car"] = car_json(s);
  v["powerwall"] = powerwall_json(s, config);
  v["tesla_billing"] = tesla_json(s.tesla);
  v["rows_written"] = value::number(static_cast<int64_t>(s.rows_written));
  v["write_failures"] = value::number(static_cast<int64_t>(s.write_failures));
  return v;
}

std::string summary_line(const SimStats& s) {
  char buf[768];
  std::snprintf(buf, sizeof buf,
                "p15-sim: %.2f h simulated to %s: import %.2f kWh, export %.2f kWh, net cost "
                "$%.2f, car +%.2f kWh (solar %.2f, Powerwall %.2f, grid %.2f; SoC %.1f %%), "
                "commands %d, wake-ups %d, Tesla bill $%.3f (%lld command, %lld data, %lld wake "
                "billed), commands while disconnected %d, Powerwall %.1f %% (min %.1f %%, below "
                "reserve: %s), rows %lld "
                "(failed %lld)",
                s.simulated_h, format_wall(s.sim_local).c_str(), s.grid.import_kwh,
                s.grid.export_kwh, s.grid.net_cost(), s.car_kwh, s.car_from_solar_kwh,
                s.car_from_powerwall_kwh, s.car_from_grid_kwh, s.car_soc, s.commands, s.wake_ups,
                s.tesla.dollars(), s.tesla.billed(TeslaCategory::Command),
                s.tesla.billed(TeslaCategory::Data), s.tesla.billed(TeslaCategory::Wake),
                s.commands_while_disconnected, s.powerwall_soc, s.min_powerwall_soc,
                s.powerwall_below_reserve ? "yes" : "no", s.rows_written, s.write_failures);
  return buf;
}

}  // namespace p15::sim
