#pragma once
// Domain structs to the JSON the endpoints answer. No decisions here: only translation.
#include <cpprest/json.h>

#include "api/router.h"
#include "service/poll/cycle.h"
#include "service/poll/poller.h"

namespace p15::api {

web::json::value to_json(const BatteryStatusReading& s);
web::json::value to_json(const RecordedDecision& d);
web::json::value to_json(const ManageResult& m);
web::json::value to_json(const PollStatus& s);
std::string error_kind_name(ErrorKind kind);

Response ok_json(const web::json::value& v);
// {"error": message, "kind": kind} with `status`.
Response json_error(int status, const std::string& message, const std::string& kind);
// Data the service cannot use now (stale, malformed, missing, the database down) is a 503: the
// service is up but cannot answer truthfully, and the caller has nothing to fix.
Response refused(const Error& e);

}  // namespace p15::api
