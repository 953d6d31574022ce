#pragma once
// The original Project 15th Street rule (domain.md section 5), reproduced to the bit,
// including Python's floor division and int() truncation.
#include "service/core/policy.h"

namespace p15 {

namespace legacy {
inline constexpr int kReceptacleV = 240;
inline constexpr int kDischargeMaxW = 4900;
inline constexpr int kBufferWh = (kDischargeMaxW / 60) * 5;  // 405
inline constexpr int kDefaultMaxAmps = 32;
inline constexpr double kStartBelowRangeMi = 60;

// Python's float // float (CPython float_floor_div), so negative values round the same way.
double python_floor_div(double a, double b);
// Python's int(x) for a float: truncation toward zero.
long long python_int(double x);

int available_battery_w(const PowerwallReading& pw);
int available_amps(const PowerwallReading& pw);
int charging_amps(const PowerwallReading& pw, const VehicleReading& car);
ChargeIntent intent(const VehicleReading& car, int amps, int min_amps);
}  // namespace legacy

class LegacyPolicy final : public Policy {
 public:
  explicit LegacyPolicy(PolicySettings settings) : settings_(settings) {}
  std::string name() const override { return "legacy"; }
  Decision decide(const Snapshot& snapshot) const override;

 private:
  PolicySettings settings_;
};

}  // namespace p15
