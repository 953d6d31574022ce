#pragma once
// The replay's Store: the collector rows and the running totals in memory, and, when asked, the
// decisions and ledger rows also in another store (a real database) under that store's ids.
#include "service/store/memory_store.h"

namespace p15::bench {

class ReplayStore final : public Store {
 public:
  explicit ReplayStore(Store* also) : also_(also) {}

  Result<PowerwallReading> newest_powerwall() override { return memory_.newest_powerwall(); }
  Result<VehicleReading> newest_vehicle() override { return memory_.newest_vehicle(); }
  Result<PowerDayRows> rows_between(TimePoint from, TimePoint to) override {
    return memory_.rows_between(from, to);
  }
  Result<std::int64_t> record_decision(const Decision& decision, TimePoint at) override;
  Result<std::int64_t> record_ledger(std::int64_t decision_id, const std::string& policy,
                                     const LedgerEntry& entry,
                                     const std::vector<SessionDelta>& sessions) override;
  Result<SavingsTotals> savings_totals(const SavingsPeriods& periods) override {
    return also_ ? also_->savings_totals(periods) : memory_.savings_totals(periods);
  }
  Result<SessionList> charge_sessions(std::optional<int> limit) override {
    return also_ ? also_->charge_sessions(limit) : memory_.charge_sessions(limit);
  }
  Result<std::optional<StoredChargeMode>> read_charge_plan(const std::string& vin) override {
    return memory_.read_charge_plan(vin);
  }
  Status upsert_charge_plan(const StoredChargeMode& plan) override {
    return memory_.upsert_charge_plan(plan);
  }
  Status ping() override { return also_ ? also_->ping() : memory_.ping(); }

  MemoryStore& memory() { return memory_; }

 private:
  template <class Write>
  Result<std::int64_t> write_both(Write write);

  MemoryStore memory_;
  Store* also_;
};

}  // namespace p15::bench
