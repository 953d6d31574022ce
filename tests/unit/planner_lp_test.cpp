// The planner's linear program on hand-solved cases: the car from the sun first, the cheap hour
// for the grid, battery export only where the lever allows it, grid charging at the lever's rate
// and never while export pays more than import, no grid flows without Powerwall control.
#include "service/core/planner_lp.h"

#include <gtest/gtest.h>

#include <vector>

#include "tests/unit/outlook_hour.h"

namespace p15 {
namespace {

struct LpCase {
  const char* name;
  std::vector<OutlookHour> periods;
  double battery_wh;  // start; capacity 13,500, floor 2,700
  double need_wh;     // the car's, due at the horizon's end; 0: not plugged in
  bool steer;
  // Expected in period 0 (and the car in the last period), Wh; < 0: not checked.
  double car0, import0, export0, charge0, discharge0, car_last;
};

class PlannerLp : public ::testing::TestWithParam<LpCase> {};

TEST_P(PlannerLp, HandSolved) {
  const auto& c = GetParam();
  PlanInput in;
  in.periods = c.periods;
  in.battery.energy_wh = c.battery_wh;
  in.car.plugged = c.need_wh > 0;
  in.car.need_wh = c.need_wh;
  in.car.departure_period = static_cast<int>(c.periods.size());
  in.steer_powerwall = c.steer;
  const PlanResult r = solve_plan(in);
  ASSERT_TRUE(r.ok) << r.status;
  const PlanPeriod& p = r.periods.front();
  auto check = [](double got, double want, const char* what) {
    if (want >= 0) EXPECT_NEAR(got, want, 1.0) << what;
  };
  check(p.car_wh, c.car0, "car");
  check(p.import_wh, c.import0, "import");
  check(p.export_wh, c.export0, "export");
  check(p.charge_wh, c.charge0, "charge");
  check(p.discharge_wh, c.discharge0, "discharge");
  check(r.periods.back().car_wh, c.car_last, "car in the last period");
  EXPECT_NEAR(r.shortfall_wh, 0, 1.0);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, PlannerLp,
    ::testing::Values(
        // A full battery: the sun's 5 kWh go 3 to the car and 2 out.
        LpCase{"car_from_the_sun",
               {hour(5000, 0, 0.30, 0.05)},
               13500,
               3000,
               false,
               3000,
               0,
               2000,
               0,
               0,
               -1},
        // No sun, an empty battery: the car waits for the cheaper hour.
        LpCase{"car_in_the_cheap_hour",
               {hour(0, 0, 0.50, 0.05), hour(0, 0, 0.30, 0.05)},
               2700,
               5000,
               false,
               0,
               0,
               0,
               0,
               0,
               5000},
        // Export pays more than import in a battery-export hour: empty at full power.
        LpCase{"battery_export_hour",
               {hour(0, 0, 0.60, 1.00, true)},
               10000,
               0,
               true,
               0,
               0,
               5000,
               0,
               5000,
               -1},
        // The same prices where Time-Based Control would not export: the battery keeps it.
        LpCase{"no_battery_export_outside_its_hours",
               {hour(0, 0, 0.60, 1.00, false)},
               10000,
               0,
               true,
               0,
               0,
               0,
               0,
               0,
               -1},
        // Without Powerwall control the battery never feeds the grid.
        LpCase{"no_steering_no_export_from_the_battery",
               {hour(0, 0, 0.60, 1.00, true)},
               10000,
               0,
               false,
               0,
               0,
               0,
               0,
               0,
               -1},
        // Charge from the cheap grid for a dear hour, at the raised reserve's 2.5 kW.
        LpCase{"grid_charge_at_the_levers_rate",
               {hour(0, 0, 0.20, 0.0), hour(0, 3000, 0.60, 0.0)},
               2700,
               0,
               true,
               0,
               2500,
               0,
               2500,
               0,
               -1},
        // No grid charge in an hour whose export pays more than its import (a meter nets).
        LpCase{"no_grid_charge_while_export_pays_more",
               {hour(0, 0, 0.20, 0.30), hour(0, 3000, 0.60, 0.0)},
               2700,
               0,
               true,
               0,
               0,
               0,
               0,
               0,
               -1},
        // Without control the grid never charges the battery either.
        LpCase{"no_steering_no_grid_charge",
               {hour(0, 0, 0.20, 0.0), hour(0, 3000, 0.60, 0.0)},
               2700,
               0,
               false,
               0,
               0,
               0,
               0,
               0,
               -1}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(PlannerLp, NoPeriodsIsAnErrorNotAPlan) {
  const PlanResult r = solve_plan({});
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.status, "no periods");
}

TEST(PlannerLp, AnUnreachableNeedIsAShortfallPricedAtTheDeparture) {
  PlanInput in;
  in.periods = {hour(0, 0, 0.30, 0.05)};
  in.battery.energy_wh = 2700;
  in.car.plugged = true;
  in.car.max_w = 7680;
  in.car.need_wh = 10000;
  in.car.departure_period = 1;
  const PlanResult r = solve_plan(in);
  ASSERT_TRUE(r.ok);
  EXPECT_NEAR(r.periods[0].car_wh, 7680, 1);
  EXPECT_NEAR(r.shortfall_wh, 2320, 1);
}

}  // namespace
}  // namespace p15
