#include "service/vehicle/vehicle_client.h"

namespace p15 {

std::string to_string(Outcome o) {
  switch (o) {
    case Outcome::Done:
      return "done";
    case Outcome::Asleep:
      return "asleep";
    case Outcome::RateLimited:
      return "rate_limited";
    case Outcome::Unauthorized:
      return "unauthorized";
    case Outcome::Forbidden:
      return "forbidden";
    case Outcome::ServerError:
      return "server_error";
    case Outcome::Rejected:
      return "rejected";
    case Outcome::Unreachable:
      return "unreachable";
  }
  return "unknown";
}

// Reasons meaning the car is already where the command wanted it. "complete" counts: the car
// reached its own charge limit, so a start has nothing left to do and retrying cannot help.
// "disconnected" does not: the cable is out, the car cannot charge, and the owner should see it.
// tesla-http-proxy (v0.3.4 on) words a refusal "car could not execute command: is_charging"
// (tests/data/tesla/command_result_false_is_charging.json): the car's reason is what follows.
bool is_benign_reason(const std::string& reason) {
  const std::string prefix = "car could not execute command: ";
  const std::string r = reason.rfind(prefix, 0) == 0 ? reason.substr(prefix.size()) : reason;
  return r == "already_set" || r == "is_charging" || r == "not_charging" || r == "complete";
}

}  // namespace p15
