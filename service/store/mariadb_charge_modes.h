#pragma once
// The owners' charge modes on MariaDB: p15_charge_plan (config/schema.sql), one row per car with
// the mode its owner set over the API.
#include "service/store/store.h"

namespace p15 {

class MariaDbConnection;

class MariaDbChargeModes final : public ChargeModes {
 public:
  explicit MariaDbChargeModes(MariaDbConnection& connection) : connection_(connection) {}

  Result<std::optional<StoredChargeMode>> read_charge_plan(const std::string& vin) override;
  Status upsert_charge_plan(const StoredChargeMode& plan) override;

 private:
  MariaDbConnection& connection_;
};

}  // namespace p15
