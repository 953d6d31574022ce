#pragma once
// The decision log (smart_charger_model, read by the companion service) on MariaDB.
#include "service/store/store.h"

namespace p15 {

class MariaDbConnection;

class MariaDbDecisionLog final : public DecisionLog {
 public:
  explicit MariaDbDecisionLog(MariaDbConnection& connection) : connection_(connection) {}

  Result<std::int64_t> record_decision(const Decision& decision, TimePoint at) override;

 private:
  MariaDbConnection& connection_;
};

}  // namespace p15
