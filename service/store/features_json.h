#pragma once
// Decision features → the JSON object stored in smart_charger_model.features and answered by
// /set-charging-amps. Pure: no I/O.
#include <cpprest/json.h>

#include <string>
#include <vector>

#include "service/core/types.h"

namespace p15 {

// {"name": value, ...}: numbers as JSON numbers, strings as strings. A non-finite number becomes
// null, because JSON has no NaN and MariaDB's JSON column would refuse the whole row. A repeated
// name keeps the last value.
web::json::value features_json(const std::vector<Feature>& features);

// features_json, serialized: the text the store writes.
std::string features_to_json(const std::vector<Feature>& features);

}  // namespace p15
