#pragma once
// The planner policy's settings (planner_policy.h).
#include <optional>
#include <string>

#include "service/core/smart_settings.h"

namespace p15 {

enum class PlannerCar { Smart, Plan };
std::string to_string(PlannerCar c);  // smart, plan
std::optional<PlannerCar> planner_car_from_string(const std::string& s);

struct PlannerSettings {
  SmartSettings smart;  // the car, the hysteresis, the tariff (its zone), the Powerwall's rates
  Seconds replan{900};
  bool steer_powerwall = false;
  int max_settings_per_day = 5;
  double owner_reserve_percent = 20;
  double powerwall_round_trip = 0.90;
  double powerwall_grid_charge_w = 2500;  // how fast a raised reserve charges from the grid
  // A planned Powerwall flow moves a lever only when it differs from what self-powered would do
  // by this much.
  double lever_margin_w = 500;
  // Who decides the car. Smart: the smart policy (live surplus, its own grid hours), the plan
  // steering only the Powerwall. Plan: the plan's hours (better for a commuter on time-of-use,
  // worse where the car is home in daylight, as an hourly plan tracks the sun worse than the
  // live surplus: bench/README.md).
  PlannerCar car = PlannerCar::Smart;
};

}  // namespace p15
