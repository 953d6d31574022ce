#include "sim/ledger_summary.h"

#include <algorithm>

namespace p15::sim {

LedgerSummary::LedgerSummary(Tariff tariff, double powerwall_round_trip_efficiency, Seconds tick) {
  settings_.tariff = std::move(tariff);
  settings_.powerwall_round_trip_efficiency = powerwall_round_trip_efficiency;
  settings_.max_gap = std::max(settings_.max_gap, tick);
}

LedgerEntry LedgerSummary::add(const PowerwallReading& powerwall, const VehicleReading& vehicle,
                               TimePoint now) {
  snapshot_.powerwall = powerwall;
  snapshot_.vehicle = vehicle;
  snapshot_.now = now;
  const LedgerStep step = account_cycle(state_, snapshot_, settings_);
  state_ = step.next;
  totals_ += step.entry;
  return step.entry;
}

}  // namespace p15::sim
