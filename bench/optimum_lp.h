#pragma once
// The physical limit: a linear program over the whole horizon with perfect foresight, solved with
// GLPK, that minimises the bill subject to the Powerwall's, the charger's and the reserve's limits
// and every session's energy need.
//
// Per period p (one hour: two slots of equal prices and plug state), in kWh:
//   imp, exp >= 0                   grid import and export
//   0 <= c, d <= 5 kW x h           Powerwall charge and discharge at its terminals
//   reserve <= E <= capacity        Powerwall energy at the end of p
//   0 <= a <= charger max x h       car charging (AC), 0 unless plugged in
// subject to
//   balance    solar + imp + d = house + a + c + exp
//   dynamics   E_p = E_{p-1} + c x sqrt(rte) - d / sqrt(rte)      (E_{-1} = the start energy)
//   converter  c / c_max + d / d_max <= h         (one inverter: not both at full power at once)
//   export     exp <= solar + d                   (see below)
//   need       sum of a over a session + topup_s = the session's need, 0 <= topup_s
// minimising sum(import price x imp - export price x exp) + sum(topup price x topup_s).
//
// Why it bounds every replayed policy: each replay step satisfies every constraint (one direction
// per step for the Powerwall and the meter, export only from solar or the Powerwall, the same
// plug-in slots and needs, the same top-up price), and summing steps over a period keeps them
// satisfied because they are linear. So any policy's step trajectory, summed per period, is a
// feasible point of this LP and its bill is at least the LP's minimum. Hourly periods relax
// half-hourly data (the LP may move energy within the hour); the bound stays valid, only a
// little looser. No terminal condition on the Powerwall: the LP may end it empty, which also
// only loosens the bound.
//
// Simultaneous import and export needs no binaries where export price < import price: doing both
// costs money, so the optimum never does. Where the export price exceeds the import price (PG&E
// NBT25 summer evenings pay up to $1.03 against a $0.60 peak), an LP without the `export` row
// would buy and resell without limit; the row caps export at what the home can physically send
// out (solar + Powerwall), which every replay step satisfies. It still lets the LP export solar
// while importing the house load in such hours, which a meter netting instantly would not: the
// bound is slightly optimistic there (documented in bench/README.md).
//
// BatteryControl::SelfPowered adds `imp + d <= house + a` per period: the Powerwall is never
// charged from the grid nor discharged into it, as in self-powered mode. It is a valid lower
// bound on any policy run with the self-powered Powerwall (every step satisfies it), not the exact
// self-powered optimum: the LP may still choose when the Powerwall charges and discharges.
#include <string>
#include <vector>

#include "bench/horizon.h"

namespace p15::bench {

// BatteryControl::Levers keeps the Powerwall to what the energy site's settings can make it do
// (sim/home_model.h): grid charging only at reserve_grid_charge_w over the solar surplus, and
// battery export only in peak hours that pay at least the import price; elsewhere export is at most
// the solar over the house, slot by slot. A valid bound on any policy on that model, whatever
// settings it asks for; the gap to Free is what the levers cannot reach.
enum class BatteryControl { Free, SelfPowered, Levers };
enum class LpMethod { Simplex, Interior };

struct LpOptions {
  BatteryControl battery = BatteryControl::Free;
  LpMethod method = LpMethod::Simplex;
  int max_period_slots = 2;  // slots merged into one period when prices and plug state agree
};

struct LpResult {
  bool ok = false;
  std::string status;  // GLPK's verdict, or why it failed
  double bill = 0;     // $, the objective
  double import_kwh = 0;
  double export_kwh = 0;
  double topup_kwh = 0;
  double car_kwh = 0;  // AC from the wall, excluding top-ups
  double car_solar_kwh = 0;
  double car_battery_kwh = 0;
  double car_grid_kwh = 0;
  int periods = 0;
  int columns = 0;
  int rows = 0;
  double solve_s = 0;
  std::vector<double> car_w;  // per period, for plots
};

LpResult solve_optimum(const Horizon& horizon, const LpOptions& options = {});

// True when this GLPK keeps its state per thread, so LPs may be solved in parallel threads.
bool glpk_thread_safe();

}  // namespace p15::bench
