#pragma once
// The cost ledger: each cycle, where the car's energy since the previous cycle came from (solar,
// Powerwall, grid), what it cost, and what the `charge-now` baseline would have paid for it.
// Pure: the caller (service/poll/cycle.cpp) keeps the LedgerState between cycles and stores the
// entries; GET /savings adds them up.
//
// The model, kept simple enough to check by hand:
// - Energy: the newest readings describe the interval that ends with them. The car's draw now
//   (charger_actual_current x charger_voltage while charging, as the smart policy reads it) is
//   held over the time since the previous cycle, at most `max_gap` (longer gaps: the service was
//   not watching, and counting a guess for hours would inflate the figures). A reading shows the
//   result of the previous cycle's commands, so holding the newest one back over the interval
//   counts a start or stop in the interval it happened in.
// - Sources: the solar left after the house's own load (load without the car) first, then the
//   Powerwall's discharge left after the house, then the grid: the house has the first claim on
//   both (docs/energy-attribution.md says why). The one rule: the backtest and the simulator's
//   summary account with account_cycle too, and the backtest's LP splits its solution with
//   split_car_power.
// - Cost: grid kWh x the import price now, solar kWh x the export price now (the credit forgone),
//   Powerwall kWh x the export price now / the round-trip efficiency (it was stored solar that
//   could have been exported, less the losses of storing it).
// - Baseline: `charge-now` starts the car at full current at plug-in and buys from the grid. So
//   the session's k-th kWh would have been bought k kWh / (max amps x voltage) after the plug-in,
//   at the import price of that moment. The plug-in is the start of the interval in which the
//   car was first seen plugged in (or the first cycle after start-up).
#include <optional>

#include "service/core/tariff.h"
#include "service/core/types.h"

namespace p15 {

struct LedgerSettings {
  Tariff tariff = flat_tariff();
  double powerwall_round_trip_efficiency = 0.90;
  Seconds max_gap{300};
  double default_voltage_v = 240;  // when the car reports no charger voltage (as SmartSettings)
  int default_max_amps = 32;       // when it reports no charge_current_request_max
};

// The car's draw now and its sources, W.
struct CarPowerSplit {
  double car_w = 0;
  double solar_w = 0;
  double powerwall_w = 0;
  double grid_w = 0;
};
CarPowerSplit split_car_power(const PowerwallReading& pw, const VehicleReading& car,
                              const LedgerSettings& s);
// The car's draw alone, W: charger_actual_current x charger_voltage while charging, else 0. The
// one reading of a vehicle row's power: the ledger and the day's chart (power_day.h) both use it.
double car_draw_w(const VehicleReading& car, const LedgerSettings& s);
// The rule itself, on average powers (W) or energies over one interval: `house_w` is the load
// without the car, `powerwall_w` the Powerwall's net flow (> 0 discharging).
CarPowerSplit split_car_power(double car_w, double solar_w, double house_w, double powerwall_w);

// What the ledger carries from one cycle to the next.
struct LedgerState {
  std::optional<TimePoint> last_at;        // the previous cycle's time
  std::optional<TimePoint> session_start;  // charge-now's start for this plug-in session
  double session_kwh = 0;                  // car kWh counted in this session so far
};

// One cycle's row. Energy in kWh, prices in $/kWh, money in $ (the tariff's currency).
struct LedgerEntry {
  TimePoint at{};
  Seconds elapsed{0};  // the interval counted (capped at max_gap)
  double car_kwh = 0, solar_kwh = 0, powerwall_kwh = 0, grid_kwh = 0;
  double import_price = 0, export_price = 0;
  double grid_cost = 0;        // grid kWh x import price
  double export_forgone = 0;   // solar kWh x export price
  double powerwall_value = 0;  // Powerwall kWh x export price / round-trip efficiency
  double cost = 0;             // the three above
  TimePoint baseline_at{};     // when charge-now would have bought these kWh
  double baseline_price = 0;
  double baseline_cost = 0;
  double saving() const { return baseline_cost - cost; }
};

struct LedgerStep {
  LedgerEntry entry;
  LedgerState next;
};

LedgerStep account_cycle(const LedgerState& state, const Snapshot& snapshot,
                         const LedgerSettings& s);

// Sums of ledger rows over a period.
struct LedgerTotals {
  long long cycles = 0;
  double car_kwh = 0, solar_kwh = 0, powerwall_kwh = 0, grid_kwh = 0;
  double grid_cost = 0, export_forgone = 0, powerwall_value = 0, cost = 0, baseline_cost = 0;
  double saving() const { return baseline_cost - cost; }
  LedgerTotals& operator+=(const LedgerEntry& e);
};

struct SavingsTotals {
  LedgerTotals today, month, year, total;
};

// The start (UTC) of the local day, month and year that contain `now` in `zone`.
struct SavingsPeriods {
  TimePoint today_start{};
  TimePoint month_start{};
  TimePoint year_start{};
};
SavingsPeriods savings_periods(const LocalZone& zone, TimePoint now);

}  // namespace p15
