#pragma once
// A surplus follower as the well-known open-source controllers (evcc's PV mode, openWB) run it:
// the car takes what the home would otherwise export, starts only after the surplus has lasted
// `start_delay`, stops only after the deficit has lasted `stop_delay` (holding the minimum
// current meanwhile), and never charges below `min_amps`.
//
// Surplus = export + the car's own draw + the Powerwall's charging - the Powerwall's discharge
//         = car_w - grid_w - battery_w (Tesla signs; load_w includes the car).
// The car's own draw is added back because load includes it (otherwise the policy would see its
// own charging as consumption and oscillate). The Powerwall's charging counts as surplus: in
// self-powered mode it absorbs up to 5 kW of export, which would hide most of the surplus, and a
// kWh of solar in the car is worth as much as one in the Powerwall (evcc's default above its
// priority SoC). Its discharge is subtracted: the Powerwall is never drained into the car.
//
// The timers live in Snapshot::memory / Decision::memory (see types.h), not in the object.
#include "service/core/policy.h"

namespace p15 {

struct SurplusDelaySettings {
  int min_amps = 6;  // evcc's and TeslaSolarCharger's default minimum current
  Seconds start_delay{60};
  Seconds stop_delay{180};
  // Memory older than this (the caller stopped polling, the service restarted) is ignored: a
  // surplus seen an hour ago says nothing about whether it lasted.
  Seconds memory_max_age{300};
  double default_voltage_v = 240;  // when the car reports no charger voltage (not charging)
  int default_max_amps = 32;       // when the car does not report charge_current_request_max
};

namespace surplus_delay {
// W the car could draw without importing and without discharging the Powerwall.
double surplus_w(const PowerwallReading& pw, const VehicleReading& car, double default_voltage_v);
// That surplus in whole amps (floored), within [0, car maximum].
int surplus_amps(const PowerwallReading& pw, const VehicleReading& car,
                 const SurplusDelaySettings& settings);
}  // namespace surplus_delay

class SurplusDelayPolicy final : public Policy {
 public:
  explicit SurplusDelayPolicy(SurplusDelaySettings settings = {}) : settings_(settings) {}
  std::string name() const override { return "surplus-delay"; }
  // Stopped car: Start (at the surplus amps) once surplus >= min_amps has lasted start_delay.
  // Charging car: amps follow the surplus; below min_amps, hold min_amps until the deficit has
  // lasted stop_delay, then Stop. Any other state: Keep at 0 A and forget the timers.
  Decision decide(const Snapshot& snapshot) const override;
  const SurplusDelaySettings& settings() const { return settings_; }

 private:
  SurplusDelaySettings settings_;
};

}  // namespace p15
