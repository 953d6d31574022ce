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

// The headers that say how long a 429 lasts (Fleet's own answers carry them; tesla-http-proxy's
// answer to a signed command does not).
struct RateHeaders {
  std::string retry_after;
  std::string ratelimit_reset;
  RateHeaders(std::string retry = "", std::string reset = "")
      : retry_after(std::move(retry)), ratelimit_reset(std::move(reset)) {}
  RateHeaders(const char* retry) : retry_after(retry) {}
};

// status/body/rate headers of one answer. `secret` (the token) is scrubbed from every text.
// Asleep or offline is recognised by the body whatever the status: behind tesla-http-proxy it is
// a 500 (domain.md section 6).
ClientResponse map_http_answer(int status, const std::string& body, const RateHeaders& headers,
                               AnswerKind kind, const std::string& secret = "");

// A 429's wait: the longest of Retry-After, RateLimit-Reset and the body's "Retry in N seconds";
// 60 s when none says.
Seconds retry_wait(const RateHeaders& headers, const std::string& body);

// A request that got no usable answer (refused, timed out, broken connection).
ClientResponse unreachable(const std::string& what, const std::string& secret = "");

// Retry-After in whole seconds; 60 s when absent or not a plain number (an HTTP-date is rare
// from Tesla, and a minute is a safe wait).
Seconds parse_retry_after(const std::string& header);

// Replaces every occurrence of `secret` with "[redacted]" (nothing when secret is empty).
std::string redact(std::string text, const std::string& secret);

}  // namespace p15
