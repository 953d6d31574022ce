#pragma once
// The database, split by what it holds: the collector's rows (domain.md section 2), the decision
// log the companion reads (smart_charger_model), the cost ledger (p15_energy_ledger) with its
// plug-in sessions (p15_charge_session) and the owner's charge modes (p15_charge_plan;
// config/schema.sql). Each user takes only the part it needs; `Store` is all of them, for the
// Cycle and the composition root.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "service/core/charge_plan.h"
#include "service/core/charge_session.h"
#include "service/core/energy_ledger.h"
#include "service/core/power_day.h"
#include "service/core/result.h"
#include "service/core/types.h"

namespace p15 {

class CollectorRows {
 public:
  virtual ~CollectorRows() = default;
  // Newest row by (timestamp, id). Errors: Unavailable (DB down), NotFound (no rows),
  // Invalid (malformed row; the message names the table, row id and field).
  virtual Result<PowerwallReading> newest_powerwall() = 0;
  virtual Result<VehicleReading> newest_vehicle() = 0;
};

// The collector's rows over a span, for the day's chart (GET /home/today).
class CollectorHistory {
 public:
  virtual ~CollectorHistory() = default;
  // Every battery_model and vehicle_model row stamped in [from, to] (UTC), oldest first, each
  // parsed or the error that makes it unreadable (naming the table, row id and field): one bad
  // row is the caller's to skip, not a failed read. Errors: Unavailable (DB down).
  virtual Result<PowerDayRows> rows_between(TimePoint from, TimePoint to) = 0;
};

class DecisionLog {
 public:
  virtual ~DecisionLog() = default;
  // Inserts one smart_charger_model row; returns its id.
  virtual Result<std::int64_t> record_decision(const Decision& decision, TimePoint at) = 0;
};

class LedgerBook {
 public:
  virtual ~LedgerBook() = default;
  // Inserts one p15_energy_ledger row for the decision `decision_id` (smart_charger_model.id)
  // and applies `sessions` (charge_session.h's track_session) to p15_charge_session, all or
  // nothing; returns the row's id.
  virtual Result<std::int64_t> record_ledger(std::int64_t decision_id, const std::string& policy,
                                             const LedgerEntry& entry,
                                             const std::vector<SessionDelta>& sessions) = 0;
  // Sums of the ledger rows since each start (UTC), and of all of them.
  virtual Result<SavingsTotals> savings_totals(const SavingsPeriods& periods) = 0;
};

// The plug-in sessions (p15_charge_session), written with the ledger rows.
class SessionBook {
 public:
  virtual ~SessionBook() = default;
  // The newest `limit` sessions by start (nullopt: all), newest first, and the sums over all of
  // them. Errors: Unavailable (DB down).
  virtual Result<SessionList> charge_sessions(std::optional<int> limit) = 0;
};

class ChargeModes {
 public:
  virtual ~ChargeModes() = default;
  // A car's charge mode, by VIN. nullopt when none is stored. Errors: Unavailable (database
  // down, table missing), Invalid (a row breaking the rules of check_charge_mode; the message
  // names the VIN and the column).
  virtual Result<std::optional<StoredChargeMode>> read_charge_plan(const std::string& vin) = 0;
  // Inserts or replaces the car's row.
  virtual Status upsert_charge_plan(const StoredChargeMode& plan) = 0;
};

class Store : public CollectorRows,
              public CollectorHistory,
              public DecisionLog,
              public LedgerBook,
              public SessionBook,
              public ChargeModes {
 public:
  virtual Status ping() = 0;
};

}  // namespace p15
