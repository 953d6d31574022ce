#pragma once
// The benchmark's tables: one per dataset x tariff x profile, as Markdown and CSV.
#include <optional>
#include <string>
#include <vector>

#include "bench/optimum_lp.h"
#include "bench/replay.h"

namespace p15::bench {

// One line of a table: a replayed policy or an LP bound.
struct Row {
  std::string policy;
  bool bound = false;  // an LP: no commands, no top-ups to report
  double import_kwh = 0, export_kwh = 0, topup_kwh = 0, bill = 0;
  // Replays: the service's ledger (account_cycle); LPs: the LP's own split of its solution.
  double car_kwh = 0, car_solar_kwh = 0, car_battery_kwh = 0, car_grid_kwh = 0;
  double car_cost = 0, car_baseline_cost = 0;  // replays: the ledger's cost and charge-now's
  long long commands = 0, wake_ups = 0, starts = 0;
  long long site_requests = 0;  // Powerwall settings requests
  long long max_site_requests_day = 0;
  double min_powerwall_percent = 100;
  double days = 0;
  double solve_s = 0;  // LP only
};

Row row_from(const ReplayResult& r);
Row row_from(const std::string& name, const LpResult& r, double days);

struct CaseResult {
  std::string dataset, tariff, profile;
  std::string period;  // e.g. "2016-01-01 + 365 d"
  std::vector<Row> rows;
};

// Share of the achievable saving captured: (bill(charge-now) - bill(row)) /
// (bill(charge-now) - bill(reference)); empty without a charge-now row, the reference, or a
// saving to capture.
std::optional<double> share_captured(const CaseResult& c, const Row& row,
                                     const std::string& reference);

std::string markdown(const std::vector<CaseResult>& cases);
std::string csv(const std::vector<CaseResult>& cases);

}  // namespace p15::bench
