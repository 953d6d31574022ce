#pragma once
// The smart policy: the car takes the home's surplus and the Powerwall's spare energy, and buys
// from the grid only what those will not deliver by the departure, in the cheapest hours; few
// commands, no flapping.
//
// Rules, in order (each explainable from the features recorded with the decision):
// 1. Surplus = the measured flows with the car's own draw added back (load includes the car),
//    averaged over `smoothing`, so a passing cloud does not stop the car.
// 2. Spare Powerwall energy = what is above reserve + margin after the house's need until the sun
//    returns (smart_battery.h); the car may draw it at what the Powerwall can give without the
//    home importing. With a departure known, the house keeps its need only for the hours that
//    cost more than the car's cheapest grid hour (in the others a kWh the house imports instead
//    costs what the car would pay), and there is none while the sun will be up long enough before
//    the departure (solar straight into the car beats a 90 % Powerwall round trip).
//    Hand-over: when a night comes between now and a morning departure and the car needs no more
//    than a full Powerwall would hand it that night (x handover_share), the car takes only the
//    solar the Powerwall cannot store. The Powerwall fills, gives its energy to the car that
//    night, and the next day's sun refills it; a car filled from the sun first would leave the
//    Powerwall full at dawn and the next day's sun would be exported. A full Powerwall's small
//    export (>= full_round_up x the minimum current) is rounded up to the minimum current.
// 3. With a departure known (Snapshot::plan, or the settings' daily time in plan mode): what is
//    still missing after the spare Powerwall energy is bought from the grid in the cheapest hours
//    before the departure, the latest of equally cheap ones (smart_plan.h); a car already on
//    the grid at full current in an hour of that cheapest price goes on rather than stop for a
//    later one (a stop and a start, and a wake-up if it sleeps between). Surplus is not put in
//    the car when exporting it now earns more than the cheapest grid kWh before the departure.
// 4. Modes: off (never), solar (1-2, and 3 when a departure is known), solar+min (never below
//    min_amps while plugged in), fast (the car's maximum), plan (solar with the daily departure).
// 5. Hysteresis: start once the wanted current has held min_amps for start_delay; stop once it
//    has been below for stop_delay (holding min_amps meanwhile); change the amps only by at least
//    min_amps_change and not within min_change_interval of the last change. Wishes that are not
//    noisy (fast, a planned grid hour, solar+min's floor, off) act at once.
//
// Pure: the timers and learned values live in Snapshot::memory / Decision::memory.
#include "service/core/policy.h"
#include "service/core/smart_settings.h"

namespace p15 {

namespace smart {

// The current the car should draw now before hysteresis, and why.
struct Want {
  int amps = 0;
  bool firm = false;  // not noisy: skip the start delay and the change interval
  std::string why;
};

// The % the car charges to: the owner's target for this session, else the settings', else the
// car's own limit (80 when it reports none).
double target_soc(std::optional<double> owner_target, const VehicleReading& car,
                  const SmartSettings& s);

// Wall kWh the car still needs to reach `target_soc`.
double need_kwh(const VehicleReading& car, double target_soc, const SmartSettings& s);

}  // namespace smart

class SmartPolicy final : public Policy {
 public:
  explicit SmartPolicy(SmartSettings settings = {}) : settings_(std::move(settings)) {}
  std::string name() const override { return "smart"; }
  Decision decide(const Snapshot& snapshot) const override;
  const SmartSettings& settings() const { return settings_; }

 private:
  SmartSettings settings_;
};

}  // namespace p15
