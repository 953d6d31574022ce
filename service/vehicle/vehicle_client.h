#pragma once
// The one interface to whatever carries commands to the car (Fleet API, companion, nothing).
#include <string>

#include "service/core/types.h"

namespace p15 {

// How one request to the car ended, in Tesla's terms (domain.md section 6).
enum class Outcome {
  Done,          // 200 and result:true, or result:false with a benign reason
  Asleep,        // asleep or offline: Fleet's 408, or tesla-http-proxy's 500 saying so
  RateLimited,   // 429: retry_after says when
  Unauthorized,  // 401: token expired or wrong (and, from the Fleet client, not renewable)
  Forbidden,     // 403, 402, 412, an unpaired virtual key: the owner must fix something
  ServerError,   // 5xx
  Rejected,      // 200 with result:false and a reason that is not benign, or another 4xx
  Unreachable,   // connection refused, timeout, unparsable answer
};

struct ClientResponse {
  Outcome outcome = Outcome::Done;
  int http_status = 0;
  std::string reason;                                  // Tesla's reason, or what went wrong
  Seconds retry_after{0};                              // for RateLimited
  VehicleState vehicle_state = VehicleState::Unknown;  // for wake_up / poll_state
};

class VehicleClient {
 public:
  virtual ~VehicleClient() = default;
  virtual std::string name() const = 0;  // fleet, companion, none
  virtual ClientResponse send(const VehicleCommand& command) = 0;
  virtual ClientResponse wake_up() = 0;
  // Reads the car's online state without waking it.
  virtual ClientResponse poll_state() = 0;
};

std::string to_string(Outcome o);

// True for a result:false reason that means the car is already where the command wanted it
// ("already_set", "is_charging", "not_charging", "complete"): such an answer counts as Done.
bool is_benign_reason(const std::string& reason);

}  // namespace p15
