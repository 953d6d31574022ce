#pragma once
// The simulator's summary of where the car's energy came from: the service's ledger rule
// (account_cycle) over the readings written at each tick, kept as running totals. Whoever writes
// rows (the simulator, the backtest's replay) can sum them the way GET /savings sums the service's
// ledger rows.
#include "service/core/energy_ledger.h"

namespace p15::sim {

class LedgerSummary {
 public:
  // `tick` is the longest interval one reading may stand for (the ledger's max_gap, at least).
  LedgerSummary(Tariff tariff, double powerwall_round_trip_efficiency, Seconds tick);

  // The rows written at `now`; returns their ledger entry.
  LedgerEntry add(const PowerwallReading& powerwall, const VehicleReading& vehicle, TimePoint now);
  const LedgerTotals& totals() const { return totals_; }

 private:
  LedgerSettings settings_;
  LedgerState state_;
  LedgerTotals totals_;
  Snapshot snapshot_;  // reused: the readings' strings keep their buffers
};

}  // namespace p15::sim
