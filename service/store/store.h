#pragma once
// The one interface to the database: the shared tables (domain.md section 2) and the service's own
// (p15_charge_plan, p15_energy_ledger: config/schema.sql).
#include <cstdint>
#include <optional>
#include <string>

#include "service/core/charge_plan.h"
#include "service/core/energy_ledger.h"
#include "service/core/result.h"
#include "service/core/types.h"

namespace p15 {

class Store {
 public:
  virtual ~Store() = default;
  // Newest row by (timestamp, id). Errors: Unavailable (DB down), NotFound (no rows),
  // Invalid (malformed row; the message names the table, row id and field).
  virtual Result<PowerwallReading> newest_powerwall() = 0;
  virtual Result<VehicleReading> newest_vehicle() = 0;
  // Inserts one smart_charger_model row; returns its id.
  virtual Result<std::int64_t> record_decision(const Decision& decision, TimePoint at) = 0;
  // Inserts one p15_energy_ledger row for the decision `decision_id` (smart_charger_model.id);
  // returns its id.
  virtual Result<std::int64_t> record_ledger(std::int64_t decision_id, const std::string& policy,
                                             const LedgerEntry& entry) = 0;
  // Sums of the ledger rows since each start (UTC), and of all of them.
  virtual Result<SavingsTotals> savings_totals(const SavingsPeriods& periods) = 0;
  virtual Status ping() = 0;
  // The service's own p15_charge_plan table: a car's charge mode, by VIN. nullopt when none is
  // stored. Errors: Unavailable (database down, table missing), Invalid (a row breaking the
  // rules of check_charge_mode; the message names the VIN and the column).
  virtual Result<std::optional<StoredChargeMode>> read_charge_plan(const std::string& vin) = 0;
  // Inserts or replaces the car's row.
  virtual Status upsert_charge_plan(const StoredChargeMode& plan) = 0;
};

}  // namespace p15
