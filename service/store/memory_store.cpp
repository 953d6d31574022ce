#include "service/store/memory_store.h"

#include <algorithm>

namespace p15 {
namespace {

Error unavailable(const char* what) { return Error{what, ErrorKind::Unavailable}; }

}  // namespace

Result<PowerwallReading> MemoryStore::newest_powerwall() {
  if (down) return unavailable("memory store: down");
  if (!powerwall) return Error{"battery_model: no rows", ErrorKind::NotFound};
  return *powerwall;
}

Result<VehicleReading> MemoryStore::newest_vehicle() {
  if (down) return unavailable("memory store: down");
  if (!vehicle) return Error{"vehicle_model: no rows", ErrorKind::NotFound};
  return *vehicle;
}

Result<PowerDayRows> MemoryStore::rows_between(TimePoint, TimePoint) {
  if (down) return unavailable("memory store: down");
  return day_rows;
}

Result<std::int64_t> MemoryStore::record_decision(const Decision& decision, TimePoint at) {
  if (down || refuse_writes) return unavailable("memory store: decision not written");
  newest_decision_ = decision;
  newest_decision_at_ = at;
  return ++decisions_;
}

Result<std::int64_t> MemoryStore::record_ledger(std::int64_t decision_id, const std::string&,
                                                const LedgerEntry& entry,
                                                const std::vector<SessionDelta>& sessions) {
  if (down || refuse_ledger) return unavailable("memory store: ledger row not written");
  newest_ledger_decision_ = decision_id;
  newest_ledger_ = entry;
  totals_ += entry;
  for (const SessionDelta& d : sessions) apply_delta(sessions_, d);
  return ++ledger_rows_;
}

Result<SavingsTotals> MemoryStore::savings_totals(const SavingsPeriods& periods) {
  last_savings_periods_ = periods;
  if (down) return unavailable("memory store: down");
  return SavingsTotals{totals_, totals_, totals_, totals_};
}

Result<SessionList> MemoryStore::charge_sessions(std::optional<int> limit) {
  if (down) return unavailable("memory store: down");
  SessionList out;
  out.sessions = sessions_;
  // Newest first by start; stable, so two starts in the same second keep the later line first.
  std::reverse(out.sessions.begin(), out.sessions.end());
  std::stable_sort(out.sessions.begin(), out.sessions.end(),
                   [](const ChargeSession& a, const ChargeSession& b) {
                     return a.key.started_at > b.key.started_at;
                   });
  for (const ChargeSession& s : sessions_) out.totals += s.sums;
  if (limit && static_cast<std::size_t>(std::max(0, *limit)) < out.sessions.size()) {
    out.sessions.resize(static_cast<std::size_t>(std::max(0, *limit)));
  }
  return out;
}

Result<std::optional<StoredChargeMode>> MemoryStore::read_charge_plan(const std::string& vin) {
  ++plan_reads_;
  last_plan_vin_ = vin;
  if (down) return unavailable("memory store: down");
  if (plan_error) return *plan_error;
  auto it = plans_.find(vin);
  if (it == plans_.end()) return std::optional<StoredChargeMode>{};
  return std::optional<StoredChargeMode>{it->second};
}

Status MemoryStore::upsert_charge_plan(const StoredChargeMode& plan) {
  if (down) return unavailable("memory store: down");
  plans_[plan.vin] = plan;
  return ok_status();
}

Status MemoryStore::ping() {
  if (down) return unavailable("memory store: down");
  return ok_status();
}

}  // namespace p15
