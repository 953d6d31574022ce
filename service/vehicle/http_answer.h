#pragma once
// How an HTTP answer from the car's API becomes a ClientResponse: one mapping for every adapter,
// so the Commander reacts the same way whether the Fleet API or the companion answered.
#include <string>

#include "service/vehicle/vehicle_client.h"

namespace p15 {

// What the caller expects in a 200 answer.
enum class AnswerKind {
  Command,  // {"response": {"result": bool, "reason": "..."}} is required
  State,    // {"response": {"state": "..."}} (or a top-level "state") is read if present
  Lenient,  // any body; a command result or a state is used when present
};

// status/body/Retry-After header of one answer. `secret` (the token) is scrubbed from every text.
ClientResponse map_http_answer(int status, const std::string& body,
                               const std::string& retry_after_header, AnswerKind kind,
                               const std::string& secret = "");

// A request that got no usable answer (refused, timed out, broken connection).
ClientResponse unreachable(const std::string& what, const std::string& secret = "");

// Retry-After in whole seconds; 60 s when absent or not a plain number (an HTTP-date is rare
// from Tesla, and a minute is a safe wait).
Seconds parse_retry_after(const std::string& header);

// Replaces every occurrence of `secret` with "[redacted]" (nothing when secret is empty).
std::string redact(std::string text, const std::string& secret);

}  // namespace p15
