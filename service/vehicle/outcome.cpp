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
bool is_benign_reason(const std::string& reason) {
  return reason == "already_set" || reason == "is_charging" || reason == "not_charging" ||
         reason == "complete";
}

}  // namespace p15
