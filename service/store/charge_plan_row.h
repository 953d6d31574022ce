#pragma once
// A p15_charge_plan row as MariaDB's text protocol hands it over, checked and turned into the
// domain's StoredChargeMode (and back). The table is the service's own, but a row may have been
// edited by hand: it gets the same rules as a request.
#include <optional>
#include <string>

#include "service/core/charge_plan.h"
#include "service/core/result.h"

namespace p15 {

inline constexpr char kChargePlanTable[] = "p15_charge_plan";
inline constexpr std::size_t kChargePlanVinMaxChars = 32;  // p15_charge_plan.vin VARCHAR(32)

struct ChargePlanRow {
  std::string vin;
  std::optional<std::string> mode;             // VARCHAR, NOT NULL in the schema
  std::optional<std::string> departure_local;  // "HH:MM" or NULL
  std::optional<std::string> target_soc;       // integer text or NULL
  std::optional<std::string> updated_at_s;     // UNIX_TIMESTAMP(updated_at)
};

// Errors (kind Invalid) name the table, the VIN and the column.
Result<StoredChargeMode> charge_plan_from_row(const ChargePlanRow& row);

}  // namespace p15
