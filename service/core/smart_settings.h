#pragma once
// The smart policy's settings (smart_policy.h): what the owner configures once. What changes per
// plug-in session (mode override, departure, target) comes in Snapshot::plan instead.
#include <optional>
#include <string>
#include <vector>

#include "service/core/tariff.h"
#include "service/core/types.h"

namespace p15 {

struct SmartSettings {
  ChargeMode mode = ChargeMode::Solar;
  int min_amps = 5;  // Tesla's app floor; below it the car is stopped
  // The timings below were tuned on the year-long backtest (bench/README.md): the surplus is
  // smoothed briefly and the car starts soon, but once charging it rides out a long gap (holding
  // min_amps, which the Powerwall or grid supply at the price the car pays anyway on a flat
  // tariff) rather than stop and start again.
  Seconds start_delay{30};           // surplus must have held min_amps this long to start
  Seconds stop_delay{1800};          // and been missing this long to stop
  int min_amps_change = 1;           // smaller changes are not worth a command
  Seconds min_change_interval{300};  // between two amps changes
  Seconds smoothing{60};             // time constant of the surplus average
  // Memory older than this (polling stopped, restart) is forgotten, except the learned night
  // load and sunrise, which hold for days.
  Seconds memory_max_age{300};
  // The Powerwall's floor for the car: reserve + this margin, and the house's need until the sun
  // returns on top of it.
  double floor_margin_wh = 1000;
  double powerwall_max_discharge_w = 5000;
  double powerwall_max_charge_w = 5000;
  // While the car needs no more than this share of what a full Powerwall hands it on the last
  // night before the departure, it takes only the solar the Powerwall cannot store (rule 2).
  double handover_share = 1.3;
  // The Powerwall counts as full from this state of charge; then a surplus of this share of the
  // minimum current is rounded up to it.
  double full_percent = 99;
  double full_round_up = 0.7;
  // With a departure known, the spare energy goes to the car only if the car leaves within this
  // long after sunrise (morning sun is too weak to fill it).
  Seconds sun_before_departure{3 * 3600};
  double target_soc = 0;  // % at departure; 0: the car's charge_limit_soc
  // Plan mode's daily departure, local time of day in `tariff.import_price.zone`; unset: plan
  // mode without a departure in the snapshot behaves as solar.
  std::optional<Seconds> departure_local;
  Tariff tariff = flat_tariff();
  // The car, for turning a state of charge into wall energy (not in the vehicle data).
  double car_battery_kwh = 75;
  double charger_efficiency = 0.90;
  double default_voltage_v = 240;  // when the car reports no charger voltage
  int default_max_amps = 32;       // when the car does not report charge_current_request_max
  // Grid hours are planned with this much spare time (ramp, rounding of the state of charge).
  Seconds plan_slack{1200};
};

std::string to_string(ChargeMode m);  // off, solar, solar+min, fast, plan
std::optional<ChargeMode> charge_mode_from_string(const std::string& s);
std::vector<std::string> charge_mode_names();  // every mode, as to_string() spells it

}  // namespace p15
