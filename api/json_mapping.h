#pragma once
// Domain structs to the JSON the endpoints answer. No decisions here: only translation.
#include <cpprest/json.h>

#include "service/poll/cycle.h"
#include "service/poll/poller.h"

namespace p15::api {

web::json::value to_json(const BatteryStatusReading& s);
web::json::value to_json(const RecordedDecision& d);
web::json::value to_json(const ManageResult& m);
web::json::value to_json(const PollStatus& s);
web::json::value features_json(const std::vector<Feature>& features);
web::json::value error_json(const Error& e);
std::string iso8601(TimePoint t);
std::string error_kind_name(ErrorKind kind);

}  // namespace p15::api
