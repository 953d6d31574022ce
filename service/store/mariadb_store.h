#pragma once
// The Store on the shared MariaDB: one part per thing it holds, all on one connection
// (mariadb_connection.h says how it connects, reconnects and backs off).
#include <string>

#include "service/clock/clock.h"
#include "service/config/config.h"
#include "service/store/mariadb_charge_modes.h"
#include "service/store/mariadb_collector_history.h"
#include "service/store/mariadb_collector_rows.h"
#include "service/store/mariadb_connection.h"
#include "service/store/mariadb_decision_log.h"
#include "service/store/mariadb_ledger.h"
#include "service/store/mariadb_sessions.h"
#include "service/store/powerwall_json.h"
#include "service/store/store.h"

namespace p15 {

class MariaDbStore final : public Store {
 public:
  // The system clock and nobody told about connection attempts.
  explicit MariaDbStore(DatabaseConfig config);
  MariaDbStore(DatabaseConfig config, Clock& clock, ConnectObserver observer = {},
               PowerwallFallbacks powerwall = {});

  Result<PowerwallReading> newest_powerwall() override { return collector_.newest_powerwall(); }
  Result<VehicleReading> newest_vehicle() override { return collector_.newest_vehicle(); }
  Result<PowerDayRows> rows_between(TimePoint from, TimePoint to) override {
    return history_.rows_between(from, to);
  }
  Result<std::int64_t> record_decision(const Decision& decision, TimePoint at) override {
    return decisions_.record_decision(decision, at);
  }
  Result<std::int64_t> record_ledger(std::int64_t decision_id, const std::string& policy,
                                     const LedgerEntry& entry,
                                     const std::vector<SessionDelta>& sessions) override {
    return ledger_.record_ledger(decision_id, policy, entry, sessions);
  }
  Result<SavingsTotals> savings_totals(const SavingsPeriods& periods) override {
    return ledger_.savings_totals(periods);
  }
  Result<SessionList> charge_sessions(std::optional<int> limit) override {
    return sessions_.charge_sessions(limit);
  }
  Result<std::optional<StoredChargeMode>> read_charge_plan(const std::string& vin) override {
    return charge_modes_.read_charge_plan(vin);
  }
  Status upsert_charge_plan(const StoredChargeMode& plan) override {
    return charge_modes_.upsert_charge_plan(plan);
  }
  Status ping() override { return connection_.ping(); }

  // "host:port/database" or "socket <path>/database": how messages name this database.
  const std::string& target() const { return connection_.target(); }
  // For the parts kept beside the Store (the steward's book) on the same connection.
  MariaDbConnection& connection() { return connection_; }

 private:
  MariaDbConnection connection_;  // first: the parts use it until they are gone
  MariaDbCollectorRows collector_;
  MariaDbCollectorHistory history_;
  MariaDbDecisionLog decisions_;
  MariaDbLedger ledger_;
  MariaDbSessions sessions_;
  MariaDbChargeModes charge_modes_;
};

}  // namespace p15
