#pragma once
// The Store in memory, for tests and the backtest: the collector rows are whatever the caller set
// last, and of the decisions and ledger rows only the newest and the running totals are kept (a
// year of 30 s cycles is a million rows per replay). Faults can be switched on to test how the
// Cycle degrades.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "service/store/store.h"

namespace p15 {

class MemoryStore final : public Store {
 public:
  Result<PowerwallReading> newest_powerwall() override;
  Result<VehicleReading> newest_vehicle() override;
  // `day_rows`, as set (the span is not applied: the caller's bucketing ignores other rows).
  Result<PowerDayRows> rows_between(TimePoint from, TimePoint to) override;
  Result<std::int64_t> record_decision(const Decision& decision, TimePoint at) override;
  // The sessions are kept whole (one line per plug-in session is few).
  Result<std::int64_t> record_ledger(std::int64_t decision_id, const std::string& policy,
                                     const LedgerEntry& entry,
                                     const std::vector<SessionDelta>& sessions) override;
  // Only the running total is kept, so every period answers with it: right for a store that
  // holds one day, or when only `total` is read.
  Result<SavingsTotals> savings_totals(const SavingsPeriods& periods) override;
  Result<SessionList> charge_sessions(std::optional<int> limit) override;
  Result<std::optional<StoredChargeMode>> read_charge_plan(const std::string& vin) override;
  Status upsert_charge_plan(const StoredChargeMode& plan) override;
  Status ping() override;

  // The collector's rows, as written last (nullopt: the table is empty).
  std::optional<PowerwallReading> powerwall;
  std::optional<VehicleReading> vehicle;
  // What rows_between answers.
  PowerDayRows day_rows;

  // What was recorded.
  std::int64_t decisions() const { return decisions_; }
  const std::optional<Decision>& newest_decision() const { return newest_decision_; }
  TimePoint newest_decision_at() const { return newest_decision_at_; }
  std::int64_t ledger_rows() const { return ledger_rows_; }
  std::int64_t newest_ledger_decision() const { return newest_ledger_decision_; }
  const std::optional<LedgerEntry>& newest_ledger() const { return newest_ledger_; }
  const LedgerTotals& ledger_totals() const { return totals_; }
  const std::vector<ChargeSession>& sessions() const { return sessions_; }
  int plan_reads() const { return plan_reads_; }
  const std::string& last_plan_vin() const { return last_plan_vin_; }
  // The periods the last savings_totals call asked for.
  const std::optional<SavingsPeriods>& last_savings_periods() const {
    return last_savings_periods_;
  }

  // Faults.
  bool down = false;                // every call: Unavailable
  bool refuse_writes = false;       // record_decision: Unavailable
  bool refuse_ledger = false;       // record_ledger: Unavailable
  std::optional<Error> plan_error;  // read_charge_plan answers this

 private:
  std::map<std::string, StoredChargeMode> plans_;
  std::int64_t decisions_ = 0;
  std::optional<Decision> newest_decision_;
  TimePoint newest_decision_at_{};
  std::int64_t ledger_rows_ = 0;
  std::int64_t newest_ledger_decision_ = 0;
  std::optional<LedgerEntry> newest_ledger_;
  LedgerTotals totals_;
  std::vector<ChargeSession> sessions_;  // in order of their first delta
  int plan_reads_ = 0;
  std::string last_plan_vin_;
  std::optional<SavingsPeriods> last_savings_periods_;
};

}  // namespace p15
