#pragma once
// A car's charge mode as its owner sets it over the API (PUT .../vehicles/{vin}/charge-mode) and
// the service keeps it (p15_charge_plan), and how it becomes the Snapshot's ChargePlan each
// cycle. Pure: the transport's JSON arrives here as plain InputValues, the clock as `now`.
#include <optional>
#include <string>
#include <vector>

#include "service/core/result.h"
#include "service/core/smart_settings.h"
#include "service/core/tariff.h"
#include "service/core/types.h"

namespace p15 {

// What the owner wants for one car until they say otherwise.
struct ChargeModeSetting {
  ChargeMode mode = ChargeMode::Solar;
  // Local time of day of the daily departure, in the tariff's zone; needed by plan mode.
  std::optional<Seconds> departure_local;
  std::optional<int> target_soc;  // % at departure, 1..100; else the settings' or the car's limit
};

// A setting as stored for a car.
struct StoredChargeMode {
  std::string vin;
  ChargeModeSetting setting;
  TimePoint updated_at{};  // UTC
};

// One field of a request body as the transport found it (core has no JSON library).
struct InputValue {
  enum class Kind { Missing, Null, String, Number, Other };
  Kind kind = Kind::Missing;
  std::string text;  // String: the value; Other: what it was ("a boolean", "an object", ...)
  double number = 0;
};

// The PUT body: the known fields, and the names of any others (refused, so a typo such as
// "departure_time" is not silently ignored).
struct ChargeModeInput {
  InputValue mode;
  InputValue departure;
  InputValue target_soc;
  std::vector<std::string> unknown_fields;
};

// Validates a request. Errors (kind Invalid) name the field: an unknown mode, a departure that
// is not "HH:MM", a target outside 1..100, plan mode without a departure, an unknown field.
Result<ChargeModeSetting> parse_charge_mode(const ChargeModeInput& input);

// The rules every setting obeys, also applied to rows read back from the database.
Status check_charge_mode(const ChargeModeSetting& setting);

// What applies to a car with no stored setting: the smart policy's configured mode, departure
// and target.
ChargeModeSetting default_charge_mode(const SmartSettings& settings);

// The plan for a decision at `now`: the departure is the next occurrence of the local time of
// day in `zone` (the tariff's), so a daily departure rolls over to tomorrow once it has passed.
ChargePlan charge_plan_for(const ChargeModeSetting& setting, const LocalZone& zone, TimePoint now);

}  // namespace p15
