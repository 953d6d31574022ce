#include "bench/replay_store.h"

namespace p15::bench {

// A row goes to the other store first, under its id; the totals then count only what that store
// took, so both sum the same rows.
template <class Write>
Result<std::int64_t> ReplayStore::write_both(Write write) {
  if (also_ == nullptr) return write(memory_);
  auto id = write(*also_);
  if (!id.ok()) return id;
  auto kept = write(memory_);
  if (!kept.ok()) return kept;
  return id;
}

Result<std::int64_t> ReplayStore::record_decision(const Decision& decision, TimePoint at) {
  return write_both([&](Store& s) { return s.record_decision(decision, at); });
}

Result<std::int64_t> ReplayStore::record_ledger(std::int64_t decision_id, const std::string& policy,
                                                const LedgerEntry& entry,
                                                const std::vector<SessionDelta>& sessions) {
  return write_both(
      [&](Store& s) { return s.record_ledger(decision_id, policy, entry, sessions); });
}

}  // namespace p15::bench
