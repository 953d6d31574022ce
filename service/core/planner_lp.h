#pragma once
// The planner's linear program (GLPK): over the outlook's periods, when the car charges and what
// the Powerwall does, at the least bill. Pure computation: the forecast, prices and limits come
// in, the schedule goes out; GLPK keeps no state between calls.
//
// Per period t, in Wh: import, export >= 0; Powerwall charge in [0, max_charge x h], discharge
// in [0, max_discharge x h], energy at its end in [floor, capacity]; the car in [0, max x h]
// while plugged in before the departure, else 0. Rows: balance (solar + import + discharge =
// house + car + charge + export), battery (E_t = E_t-1 + charge x one_way - discharge /
// one_way), one inverter (charge / max_charge + discharge / max_discharge <= h), export only from
// solar or the battery (export <= solar + discharge), and the car's need by the departure (sum
// car + shortfall = need; the shortfall priced at the departure's import price and a penalty).
// Without Powerwall control the battery may not take from or give to the grid
// (import + discharge <= house + car: the self-powered rows of bench/optimum_lp.h); with it,
// only as fast and in the hours the levers allow (PlanBattery). The energy
// left at the end is worth the horizon's cheapest import (times one_way): without that value
// the program would empty the battery into the last hours.
#include <string>
#include <vector>

#include "service/core/outlook.h"

namespace p15 {

struct PlanBattery {
  double energy_wh = 0;
  double capacity_wh = 13500;
  double floor_wh = 2700;  // the owner's reserve: never planned below
  double max_charge_w = 5000;
  double max_discharge_w = 5000;
  double round_trip = 0.90;
  // With Powerwall control: the grid charges it only this fast (a raised reserve charges
  // "slowly", sim/home_model.h) and not in hours that pay more for export than for import, and
  // it exports only in OutlookHour::battery_export hours (Time-Based Control's battery export);
  // in other hours export is at most the solar over the house.
  double max_grid_charge_w = 2500;
};

struct PlanCar {
  bool plugged = false;
  double max_w = 7680;
  double need_wh = 0;  // from the wall, to the target
  // The periods before this index are the car's to charge in (the departure is at its start);
  // at least the number of periods: the need is due at the horizon's end.
  int departure_period = 0;
  double shortfall_penalty_per_kwh = 0.05;  // on top of the departure hour's import price
};

struct PlanInput {
  std::vector<OutlookHour> periods;
  PlanBattery battery;
  PlanCar car;
  bool steer_powerwall = false;
};

struct PlanPeriod {
  double car_wh = 0, charge_wh = 0, discharge_wh = 0, import_wh = 0, export_wh = 0;
  double energy_end_wh = 0;
};

struct PlanResult {
  bool ok = false;
  std::string status;  // GLPK's, when not ok
  std::vector<PlanPeriod> periods;
  double shortfall_wh = 0;
  double bill = 0;  // $ over the periods, shortfall included, the end energy's value not
};

PlanResult solve_plan(const PlanInput& input);

}  // namespace p15
