#pragma once
// The one interface to the shared MariaDB tables (domain.md section 2).
#include <cstdint>

#include "service/core/result.h"
#include "service/core/types.h"

namespace p15 {

class Store {
 public:
  virtual ~Store() = default;
  // Newest row by (timestamp, id). Errors: Unavailable (DB down), NotFound (no rows),
  // Invalid (malformed row; the message names the table, row id and field).
  virtual Result<PowerwallReading> newest_powerwall() = 0;
  virtual Result<VehicleReading> newest_vehicle() = 0;
  // Inserts one smart_charger_model row; returns its id.
  virtual Result<std::int64_t> record_decision(const Decision& decision, TimePoint at) = 0;
  virtual Status ping() = 0;
};

}  // namespace p15
