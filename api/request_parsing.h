#pragma once
// Reading what the client sent: every helper throws BadRequest (answered 400 with its message by
// the Router) for input the client must fix, so a handler never turns bad input into a 500.
#include <cpprest/json.h>

#include <optional>
#include <string>

#include "api/router.h"

namespace p15::api {

// The query parameter `name` as an integer in lo..hi; nullopt when absent. "amps=abc",
// "amps=" and out-of-range values are BadRequest naming the parameter and the range.
std::optional<long long> query_int(const Request& request, const std::string& name, long long lo,
                                   long long hi);

// The body as a JSON object; an empty body, malformed JSON or another JSON type is BadRequest.
web::json::value json_body(const Request& request);

}  // namespace p15::api
