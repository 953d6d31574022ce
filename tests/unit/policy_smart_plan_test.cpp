// smart: plan mode buys what is missing in the cheapest hours before the departure, the latest of
// equally cheap ones; table-driven over the hours of one window.
#include <gtest/gtest.h>

#include <vector>

#include "service/config/time_zones.h"
#include "service/core/smart_plan.h"
#include "service/core/smart_policy.h"

namespace p15 {
namespace {

const TimePoint kStart{std::chrono::hours{400000}};

Tariff hourly(const std::vector<double>& prices) {
  std::vector<HourlyPrice> hours;
  for (std::size_t h = 0; h < prices.size(); ++h) {
    hours.push_back({kStart + std::chrono::hours{h}, prices[h]});
  }
  Tariff t = flat_tariff();
  t.import_price = table_price(hours, us_pacific_zone());
  return t;
}

struct PlanCase {
  const char* name;
  std::vector<double> prices;  // $/kWh for each hour of the window, departure at its end
  double grid_hours;           // energy to buy, in hours at full power
  std::vector<int> charge_in;  // the hours it charges in
};

class SmartPlan : public ::testing::TestWithParam<PlanCase> {};

TEST_P(SmartPlan, PicksTheCheapestHours) {
  const PlanCase& c = GetParam();
  const Tariff t = hourly(c.prices);
  const TimePoint departure = kStart + std::chrono::hours{c.prices.size()};
  const double max_w = 7680;
  std::vector<int> charging;
  for (std::size_t h = 0; h < c.prices.size(); ++h) {
    const TimePoint now = kStart + std::chrono::hours{h};
    const smart::GridPlan p =
        smart::plan_grid(t, now, departure, c.grid_hours * max_w / 1000, max_w, Seconds{0});
    if (p.charge_now) charging.push_back(static_cast<int>(h));
  }
  EXPECT_EQ(charging, c.charge_in);
}

// Each hour the plan is made again with the energy still missing, as the policy does; here the
// energy stays the same, so the hours it charges in are those picked from the start or later.
INSTANTIATE_TEST_SUITE_P(
    Windows, SmartPlan,
    ::testing::Values(PlanCase{"flat_charges_last", {0.3, 0.3, 0.3, 0.3}, 2, {2, 3}},
                      PlanCase{"cheapest_first", {0.5, 0.2, 0.5, 0.5}, 1, {1, 3}},
                      PlanCase{
                          "ties_take_the_latest", {0.5, 0.3, 0.5, 0.2, 0.5, 0.3}, 2, {3, 4, 5}},
                      PlanCase{"nothing_to_buy", {0.5, 0.2, 0.5}, 0, {}},
                      PlanCase{"more_than_the_window", {0.5, 0.2}, 5, {0, 1}}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(SmartPlanTest, CheapestPriceAndPricierHours) {
  const Tariff t = hourly({0.5, 0.2, 0.6, 0.2});
  const smart::GridPlan p =
      smart::plan_grid(t, kStart, kStart + std::chrono::hours{4}, 0, 7680, Seconds{0});
  EXPECT_DOUBLE_EQ(p.cheapest_per_kwh, 0.2);
  EXPECT_DOUBLE_EQ(p.now_per_kwh, 0.5);
  EXPECT_DOUBLE_EQ(smart::hours_pricier_than(t, kStart, kStart + std::chrono::hours{4}, 0.2), 2);
}

TEST(SmartPlanTest, NeedFromStateOfCharge) {
  VehicleReading car;
  car.charging_state = ChargingState::Stopped;
  car.battery_level = 60;
  EXPECT_NEAR(smart::need_kwh(car, 80, SmartSettings{}), 0.2 * 75 / 0.9, 1e-9);
  car.charging_state = ChargingState::Complete;
  EXPECT_EQ(smart::need_kwh(car, 80, SmartSettings{}), 0);
}

// The policy in plan mode: an expensive evening, a cheap night, departure at 6 h; 3 h of charging
// needed. It waits through the expensive hours and charges in the cheap ones.
TEST(SmartPlanTest, PolicyWaitsForCheapHours) {
  SmartSettings st;
  st.tariff = hourly({0.6, 0.6, 0.6, 0.3, 0.3, 0.3, 0.3});
  st.plan_slack = Seconds{0};
  const SmartPolicy policy(st);
  std::vector<int> started;
  for (int h = 0; h < 6; ++h) {
    Snapshot s;
    s.now = kStart + std::chrono::hours{h};
    s.plan.departure = kStart + std::chrono::hours{6};
    s.plan.target_soc = 80;
    s.vehicle.charging_state = ChargingState::Stopped;
    s.vehicle.charge_current_request_max = 32;
    s.vehicle.charger_voltage = 240;
    // 3 h at 7.68 kW from the wall, less the half percent kept for rounding.
    s.vehicle.battery_level = 80 - 3 * 7.68 * 0.9 / 75 * 100 + 0.5;
    s.powerwall.total_pack_energy_wh = 13500;
    s.powerwall.backup_reserve_percent = 20;
    s.powerwall.energy_left_wh = 2700;
    s.powerwall.load_w = 500;
    s.powerwall.grid_w = 500;
    if (policy.decide(s).intent == ChargeIntent::Start) started.push_back(h);
  }
  EXPECT_EQ(started, (std::vector<int>{3, 4, 5}));
}

struct GoingOnCase {
  const char* name;
  std::vector<double> prices;  // the hours to the departure; the car 1 h at full power short
  ChargingState state;
  int actual_amps;
  double grid_w;
  bool goes_on;
};

class GridGoingOn : public ::testing::TestWithParam<GoingOnCase> {};

// 20 minutes into the first hour, the latest equally cheap hour alone would do (plan_grid):
// a car already on the grid at full current goes on rather than stop and start again later.
TEST_P(GridGoingOn, AtTheCheapestPrice) {
  const GoingOnCase& c = GetParam();
  SmartSettings st;
  st.tariff = hourly(c.prices);
  st.plan_slack = Seconds{0};
  Snapshot s;
  s.now = kStart + std::chrono::minutes{20};
  s.plan.departure = kStart + std::chrono::hours{c.prices.size()};
  s.plan.target_soc = 80;
  s.vehicle.charging_state = c.state;
  s.vehicle.charge_current_request_max = 32;
  s.vehicle.charger_actual_current = c.actual_amps;
  s.vehicle.charger_voltage = 240;
  s.vehicle.battery_level = 80 - 7.68 * 0.9 / 75 * 100;
  s.powerwall.total_pack_energy_wh = 13500;
  s.powerwall.backup_reserve_percent = 20;
  s.powerwall.energy_left_wh = 2700;
  s.powerwall.load_w = 500 + c.actual_amps * 240;
  s.powerwall.grid_w = c.grid_w;
  s.powerwall.battery_w = s.powerwall.load_w - c.grid_w;
  const Decision d = SmartPolicy(st).decide(s);
  EXPECT_EQ(d.reason.find("cheapest grid price, going on") != std::string::npos, c.goes_on)
      << d.reason;
  if (c.goes_on) {
    EXPECT_EQ(d.amps, 32);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cars, GridGoingOn,
    ::testing::Values(
        GoingOnCase{"on_the_grid_at_full_current",
                    {0.3, 0.3, 0.3},
                    ChargingState::Charging,
                    32,
                    8180,
                    true},
        GoingOnCase{"on_the_powerwall", {0.3, 0.3, 0.3}, ChargingState::Charging, 32, 0, false},
        GoingOnCase{"dearer_now", {0.4, 0.3, 0.3}, ChargingState::Charging, 32, 8180, false},
        GoingOnCase{"at_low_current", {0.3, 0.3, 0.3}, ChargingState::Charging, 10, 2900, false},
        GoingOnCase{"not_charging", {0.3, 0.3, 0.3}, ChargingState::Stopped, 0, 500, false}),
    [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace p15
