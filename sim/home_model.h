#pragma once
// The Powerwall in self-powered mode, as a battery: it charges from solar surplus, covers the
// deficit down to its backup reserve, and the grid takes the rest. No grid charging, no export
// from the battery. Flows come back in Tesla's sign convention so they can go straight into the
// battery_model JSON.
namespace p15::sim {

struct PowerwallParams {
  double capacity_wh = 13500;           // Powerwall 2 usable energy
  double round_trip_efficiency = 0.90;  // split as sqrt() on charge and on discharge
  double max_charge_w = 5000;
  double max_discharge_w = 5000;
  double backup_reserve_percent = 20;
  // site_info's floor for charging a car off grid; the model never islands, so it is only
  // reported in the rows.
  double off_grid_vehicle_charging_reserve_percent = 20;
};

struct PowerwallState {
  double energy_left_wh = 0;
};

// One step's average flows, W. battery_w > 0 discharging, grid_w > 0 importing,
// load_w = house + car, and load_w == solar_w + grid_w + battery_w + generator_w.
struct HomeFlows {
  double solar_w = 0;
  double load_w = 0;
  double battery_w = 0;
  double grid_w = 0;
  double generator_w = 0;
};

double reserve_wh(const PowerwallParams& params);
double percentage_charged(const PowerwallParams& params, const PowerwallState& state);

// Advances the battery by dt_s seconds of constant solar, house and car power, and returns the
// flows. energy_left_wh stays within [min(start, reserve), capacity]: the battery never
// discharges below the reserve and never charges above capacity.
HomeFlows step_home(const PowerwallParams& params, PowerwallState& state, double solar_w,
                    double house_load_w, double car_w, double dt_s);

}  // namespace p15::sim
