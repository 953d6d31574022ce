#pragma once
// The cost ledger on MariaDB: p15_energy_ledger, one row per recorded decision with the car's
// energy and its cost (service/core/energy_ledger.h), and p15_energy_ledger_hourly, the sums by
// UTC hour that GET /savings adds up, with each row's plug-in session in p15_charge_session
// (mariadb_sessions.h) in the same transaction (config/schema.sql).
#include "service/store/store.h"

namespace p15 {

class MariaDbConnection;

class MariaDbLedger final : public LedgerBook {
 public:
  explicit MariaDbLedger(MariaDbConnection& connection) : connection_(connection) {}

  Result<std::int64_t> record_ledger(std::int64_t decision_id, const std::string& policy,
                                     const LedgerEntry& entry,
                                     const std::vector<SessionDelta>& sessions) override;
  Result<SavingsTotals> savings_totals(const SavingsPeriods& periods) override;

 private:
  MariaDbConnection& connection_;
};

}  // namespace p15
