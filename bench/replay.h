#pragma once
// Replays a Horizon through one service policy in simulated time, exactly as the service would
// run it: every poll a Snapshot from the home and car models (Tesla's signs), Policy::decide,
// p15::plan_commands, the commands applied to the car model. Counts the commands and wake-ups,
// prices every step, and tops up at each departure what the policy failed to deliver.
#include <functional>
#include <string>
#include <vector>

#include "bench/horizon.h"
#include "service/core/policy.h"

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
  // AC kWh into the car while plugged in (top-ups excluded), attributed each step first to the
  // solar left after the house load, then to the Powerwall's discharge, then to the grid.
  double car_kwh = 0, car_solar_kwh = 0, car_battery_kwh = 0, car_grid_kwh = 0;
  long long commands = 0;  // Tesla commands the command layer sent
  long long wake_ups = 0;  // commands that found the car asleep
  long long starts = 0;    // charge_start sent (start/stop cycles)
  long long stops = 0;     // charge_stop sent
  int departures = 0;
  int unmet_departures = 0;  // departures that needed a top-up of more than 0.1 kWh
  double days = 0;
  DayTrace trace;
};

struct ReplayOptions {
  double step_s = 30;            // the service's poll interval; must divide the 30-minute slot
  int trace_day = -1;            // day index to record for the plot, -1 for none
  std::function<void()> on_day;  // progress, called after each simulated day
};

ReplayResult replay(const Horizon& horizon, const Policy& policy, const ReplayOptions& options);

// The readings the collector would store for the models' state (Tesla signs and rounding as in
// sim/collector_json.h).
PowerwallReading powerwall_reading(const sim::PowerwallParams& params,
                                   const sim::PowerwallState& state, const sim::HomeFlows& flows);
void fill_vehicle_reading(const sim::CarParams& params, const sim::CarState& car,
                          VehicleReading& out);

}  // namespace p15::bench
