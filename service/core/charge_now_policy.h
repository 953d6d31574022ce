#pragma once
// What a Tesla does by default: charge at the most the car and charger allow whenever it is
// plugged in, whatever the sun, the Powerwall or the price. The baseline every saving is
// measured against.
#include "service/core/policy.h"

namespace p15 {

namespace charge_now {
inline constexpr int kDefaultMaxAmps = 32;  // when the car does not report its maximum
}

class ChargeNowPolicy final : public Policy {
 public:
  // The settings' minimum does not apply: this policy always asks for the maximum.
  explicit ChargeNowPolicy(PolicySettings /*settings*/ = {}) {}
  std::string name() const override { return "charge-now"; }
  // Amps = charge_current_request_max; Start when the car is Stopped, otherwise Keep (a car that
  // is Complete or Disconnected gets nothing from the command layer anyway). Never Stop.
  Decision decide(const Snapshot& snapshot) const override;
};

}  // namespace p15
