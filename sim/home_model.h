#pragma once
// The Powerwall as a battery under the settings Tesla lets an owner (or the service) change:
// operation mode, backup reserve, grid charging and the export rule (domain.md 6a). Self-powered
// charges from solar surplus, covers the deficit down to the reserve, and the grid takes the
// rest. Time-Based Control is Tesla's own time-of-use optimiser, described by Tesla only in
// words; what this model assumes of it is written down in docs/powerwall-model.md and frozen
// there with its bills. Flows come back in Tesla's sign convention so they can go straight into
// the battery_model JSON.
#include "service/core/site_settings.h"

namespace p15::sim {

struct PowerwallParams {
  double capacity_wh = 13500;           // Powerwall 2 usable energy
  double round_trip_efficiency = 0.90;  // split as sqrt() on charge and on discharge
  double max_charge_w = 5000;
  double max_discharge_w = 5000;
  double backup_reserve_percent = 20;  // the owner's reserve
  // site_info's floor for charging a car off grid; the model never islands, so it is only
  // reported in the rows.
  double off_grid_vehicle_charging_reserve_percent = 20;
  // A reserve raised above the state of charge with grid charging allowed charges from the grid
  // "slowly" (domain.md 6a; evcc 25888: full rate only in backup mode). The rate is not
  // published: half the maximum is this model's assumption.
  double reserve_grid_charge_w = 2500;
  // Time-Based Control keeps this much for the coming peak (Tesla: it "reserves energy" for peak
  // hours; how much is not published). Assumed: a 5-hour peak at 1.5 kW of house load.
  double tbc_peak_hold_wh = 7500;
};

using OperationMode = p15::OperationMode;
using ExportRule = p15::ExportRule;
using PowerwallSettings = p15::SiteSettings;

// The owner's settings as a home is usually set up: self-powered, the params' reserve, no grid
// charging (California systems that claimed the solar tax credit), solar export only.
PowerwallSettings owner_settings(const PowerwallParams& params);

using GridHour = p15::GridHour;
using p15::grid_hour;

struct PowerwallState {
  double energy_left_wh = 0;
};

// One step's average flows, W. battery_w > 0 discharging, grid_w > 0 importing,
// load_w = house + car, and load_w == solar_w + grid_w + battery_w + generator_w. solar_w is
// what the panels delivered: less than offered when the export rule is "never" and nothing
// could take it.
struct HomeFlows {
  double solar_w = 0;
  double load_w = 0;
  double battery_w = 0;
  double grid_w = 0;
  double generator_w = 0;
};

double reserve_wh(const PowerwallParams& params);
double percentage_charged(const PowerwallParams& params, const PowerwallState& state);

// Advances the battery by dt_s seconds of constant solar, house and car power under `settings`
// in `hour`, and returns the flows. energy_left_wh stays within [min(start, reserve), capacity].
HomeFlows step_home(const PowerwallParams& params, const PowerwallSettings& settings,
                    const GridHour& hour, PowerwallState& state, double solar_w,
                    double house_load_w, double car_w, double dt_s);
// Self-powered with the params' reserve (the owner's settings).
HomeFlows step_home(const PowerwallParams& params, PowerwallState& state, double solar_w,
                    double house_load_w, double car_w, double dt_s);

}  // namespace p15::sim
