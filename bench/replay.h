#pragma once
// Replays a Horizon through one service policy in simulated time, on the service's own path:
// every poll the home and car models' readings go into a Store (as the collector would write
// them), and the service's Cycle decides, records, accounts the ledger and commands the car
// through the Commander and a VehicleClient answered by the simulator's Tesla model. The replay
// prices every step from the meter and tops up at each departure what the policy failed to
// deliver; commands and wake-ups are what the Commander reports.
#include <functional>
#include <string>
#include <vector>

#include "bench/horizon.h"
#include "service/core/energy_ledger.h"
#include "service/core/outlook.h"
#include "service/core/policy.h"
#include "service/poll/cycle.h"
#include "service/store/store.h"
#include "service/vehicle/commander.h"

namespace p15::bench {

// One plotted day, sampled every `sample_s`.
struct DayTrace {
  int day = -1;
  double sample_s = 300;
  std::vector<double> solar_w, load_w, grid_w, soc_percent, car_amps;
};

struct ReplayResult {
  std::string policy;
  double import_kwh = 0, export_kwh = 0;
  double import_cost = 0, export_credit = 0;
  double topup_kwh = 0, topup_cost = 0;  // AC kWh bought at departures for unmet needs
  double bill() const { return import_cost - export_credit + topup_cost; }
  // AC kWh the car model drew while plugged in (top-ups excluded).
  double car_kwh = 0;
  // The service's cost ledger over the replay (service/core/energy_ledger.h, the one
  // attribution, docs/energy-attribution.md): the car's kWh by source, their cost, charge-now's.
  LedgerTotals ledger;
  long long commands = 0;  // command requests the Commander sent (CommandReport::attempts)
  long long wake_ups = 0;  // wake_up requests it sent
  long long starts = 0;    // charge_start requests (start/stop cycles)
  long long stops = 0;     // charge_stop requests
  long long refused = 0;   // cycles the Cycle refused (stale or missing rows): should be 0
  // Energy-site settings requests the policy's site settings took (settings_requests), and the
  // Powerwall's lowest state of charge, %.
  long long site_requests = 0;
  long long max_site_requests_day = 0;  // the most in one day (48 slots from local midnight)
  double min_powerwall_percent = 100;
  double tesla_dollars = 0;  // what Tesla's billing ledger says the requests cost
  int departures = 0;
  int unmet_departures = 0;  // departures that needed a top-up of more than 0.1 kWh
  double days = 0;
  DayTrace trace;
};

struct ReplayOptions {
  double step_s = 30;            // the service's poll interval; must divide the 30-minute slot
  int trace_day = -1;            // day index to record for the plot, -1 for none
  std::function<void()> on_day;  // progress, called after each simulated day
  // The ledger's tariff (the bill uses the horizon's slot prices, which come from the same
  // tariff) and settings; the round-trip efficiency is the horizon's Powerwall's.
  LedgerSettings ledger;
  // The Commander's wake budget, retries and wake wait: the service's defaults.
  CommanderSettings commander;
  // Set: the decisions and ledger rows are also written here (a real database, for the test
  // that /savings sums what the replay counted). The collector rows stay in memory.
  Store* also_record = nullptr;
  // Called with the collector rows of every step, as written (a test sums them itself).
  std::function<void(const PowerwallReading&, const VehicleReading&, TimePoint)> on_rows;
  // The planner's outlook (learned from the replayed rows, or the oracle); null: none.
  OutlookSource* outlook = nullptr;
  // Called with every decision the Cycle recorded, and the snapshot it was made from.
  std::function<void(const RecordedDecision&)> on_decision;
  // The name the result carries (a planner with one outlook or another); empty: the policy's.
  std::string label;
};

ReplayResult replay(const Horizon& horizon, const Policy& policy, const ReplayOptions& options);

}  // namespace p15::bench
