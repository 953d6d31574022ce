#include "bench/replay_store.h"

namespace p15::bench {

Result<std::int64_t> ReplayStore::record_decision(const Decision& decision, TimePoint at) {
  if (also_ == nullptr) return memory_.record_decision(decision, at);
  auto id = also_->record_decision(decision, at);
  if (!id.ok()) return id;
  auto kept = memory_.record_decision(decision, at);
  if (!kept.ok()) return kept;
  return id;
}

// The totals count only what the other store took, so both sum the same rows.
Result<std::int64_t> ReplayStore::record_ledger(std::int64_t decision_id, const std::string& policy,
                                                const LedgerEntry& entry) {
  if (also_ == nullptr) return memory_.record_ledger(decision_id, policy, entry);
  auto id = also_->record_ledger(decision_id, policy, entry);
  if (!id.ok()) return id;
  auto kept = memory_.record_ledger(decision_id, policy, entry);
  if (!kept.ok()) return kept;
  return id;
}

}  // namespace p15::bench
