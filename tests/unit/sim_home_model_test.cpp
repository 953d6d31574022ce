// The Powerwall model: self-powered dispatch, limits, reserve, efficiency, energy balance.
#include <gtest/gtest.h>

#include <cmath>

#include "service/core/energy_ledger.h"
#include "sim/car_model.h"
#include "sim/home_model.h"

namespace p15::sim {
namespace {

const double kOneWay = std::sqrt(0.9);

struct HomeCase {
  const char* name;
  double energy_wh, solar_w, house_w, car_w, dt_s;
  double want_battery_w, want_grid_w, want_energy_wh;
};

class HomeStep : public ::testing::TestWithParam<HomeCase> {};

TEST_P(HomeStep, FlowsAndEnergy) {
  const auto& c = GetParam();
  const PowerwallParams p;
  PowerwallState s{c.energy_wh};
  const HomeFlows f = step_home(p, s, c.solar_w, c.house_w, c.car_w, c.dt_s);
  EXPECT_NEAR(f.battery_w, c.want_battery_w, 1e-6);
  EXPECT_NEAR(f.grid_w, c.want_grid_w, 1e-6);
  EXPECT_NEAR(s.energy_left_wh, c.want_energy_wh, 1e-6);
  EXPECT_DOUBLE_EQ(f.load_w, c.house_w + c.car_w);
  EXPECT_NEAR(f.load_w, f.solar_w + f.grid_w + f.battery_w + f.generator_w, 1e-9);
}

INSTANTIATE_TEST_SUITE_P(
    Dispatch, HomeStep,
    ::testing::Values(
        HomeCase{"surplus_charges", 5000, 3000, 1000, 0, 3600, -2000, 0, 5000 + 2000 * kOneWay},
        HomeCase{"surplus_above_charge_limit_exports", 5000, 8000, 1000, 0, 3600, -5000, -2000,
                 5000 + 5000 * kOneWay},
        HomeCase{"nearly_full_takes_only_room", 13400, 3000, 1000, 0, 3600, -100 / kOneWay,
                 -2000 + 100 / kOneWay, 13500},
        HomeCase{"full_exports_all", 13500, 3000, 1000, 0, 3600, 0, -2000, 13500},
        HomeCase{"deficit_discharges", 10000, 0, 2000, 0, 3600, 2000, 0, 10000 - 2000 / kOneWay},
        HomeCase{"car_counts_as_load", 10000, 0, 1000, 7680, 3600, 5000, 3680,
                 10000 - 5000 / kOneWay},
        HomeCase{"at_reserve_imports", 2700, 0, 2000, 0, 3600, 0, 2000, 2700},
        HomeCase{"near_reserve_stops_at_it", 2800, 0, 2000, 0, 3600, 100 * kOneWay,
                 2000 - 100 * kOneWay, 2700},
        HomeCase{"below_reserve_still_charges", 1000, 2000, 500, 0, 3600, -1500, 0,
                 1000 + 1500 * kOneWay},
        HomeCase{"below_reserve_never_discharges", 1000, 0, 500, 0, 3600, 0, 500, 1000},
        HomeCase{"balanced_idle", 8000, 1500, 1000, 500, 30, 0, 0, 8000},
        HomeCase{"tick_30s", 10000, 0, 1200, 0, 30, 1200, 0, 10000 - 1200 / kOneWay * 30 / 3600}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(HomeModel, RoundTripEfficiencyIsNinetyPercent) {
  PowerwallParams p;
  p.backup_reserve_percent = 0;
  PowerwallState s{0};
  step_home(p, s, 1000, 0, 0, 3600);  // 1 kWh in at the terminals
  double out_wh = 0;
  for (int i = 0; i < 1000 && s.energy_left_wh > 1e-9; ++i) {
    out_wh += step_home(p, s, 0, 500, 0, 60).battery_w * 60 / 3600;
  }
  EXPECT_NEAR(out_wh, 900, 1e-6);
}

// A long pseudo-random run: every step balances, the reserve and capacity hold, limits hold.
TEST(HomeModel, InvariantsOverAWeekOfRandomSteps) {
  const PowerwallParams p;
  PowerwallState s{p.capacity_wh / 2};
  std::uint64_t rng = 42;
  const double reserve = reserve_wh(p);
  for (int i = 0; i < 7 * 24 * 120; ++i) {
    const double solar = 9000 * uniform01(rng), house = 4000 * uniform01(rng);
    const double car = uniform01(rng) < 0.5 ? 0 : 7680 * uniform01(rng);
    const HomeFlows f = step_home(p, s, solar, house, car, 30);
    ASSERT_NEAR(f.load_w, f.solar_w + f.grid_w + f.battery_w + f.generator_w, 1e-9) << i;
    ASSERT_GE(s.energy_left_wh, reserve - 1e-9) << i;
    ASSERT_LE(s.energy_left_wh, p.capacity_wh + 1e-9) << i;
    ASSERT_LE(f.battery_w, p.max_discharge_w + 1e-9);
    ASSERT_GE(f.battery_w, -p.max_charge_w - 1e-9);
    // Self-powered: never charges from the grid, never exports from the battery.
    ASSERT_FALSE(f.battery_w < -1e-9 && f.grid_w > 1e-9) << i;
    ASSERT_FALSE(f.battery_w > 1e-9 && f.grid_w < -1e-9) << i;
  }
}

TEST(HomeModel, PercentAndReserve) {
  const PowerwallParams p;
  EXPECT_DOUBLE_EQ(reserve_wh(p), 2700);
  EXPECT_DOUBLE_EQ(percentage_charged(p, PowerwallState{6750}), 50);
}

}  // namespace
}  // namespace p15::sim

// The service ledger's rule (split_car_power) on the home model's flows: the house has the first
// claim on the solar and on the Powerwall, and the parts add up to the car's energy.
namespace p15::sim {
namespace {
struct SplitCase {
  const char* name;
  double energy_left_wh, solar_w, house_w, car_w;
  double want_solar_wh, want_battery_wh, want_grid_wh;
};
class LedgerSplitOfAHomeStep : public ::testing::TestWithParam<SplitCase> {};
TEST_P(LedgerSplitOfAHomeStep, HouseFirstThenTheCar) {
  const auto& c = GetParam();
  PowerwallParams p;
  PowerwallState st{c.energy_left_wh};
  const HomeFlows f = step_home(p, st, c.solar_w, c.house_w, c.car_w, 3600);
  const CarPowerSplit s = split_car_power(c.car_w, f.solar_w, f.load_w - c.car_w, f.battery_w);
  EXPECT_NEAR(s.solar_w, c.want_solar_wh, 1e-6);
  EXPECT_NEAR(s.powerwall_w, c.want_battery_wh, 1e-6);
  EXPECT_NEAR(s.grid_w, c.want_grid_wh, 1e-6);
  EXPECT_NEAR(s.solar_w + s.powerwall_w + s.grid_w, c.car_w, 1e-6);
}
INSTANTIATE_TEST_SUITE_P(
    Cases, LedgerSplitOfAHomeStep,
    ::testing::Values(
        // Full Powerwall, 6 kW spare solar: the car's 3 kW is all solar.
        SplitCase{"full_battery_surplus", 13500, 7000, 1000, 3000, 3000, 0, 0},
        // At the reserve, night: all grid.
        SplitCase{"reserve_night", 2700, 0, 500, 3000, 0, 0, 3000},
        // Half full, night: the Powerwall's 5 kW cover the house's 1 kW first, the car gets 4.
        SplitCase{"battery_then_grid", 8000, 0, 1000, 7000, 0, 4000, 3000},
        // The house's 4 kW come first: of the Powerwall's 5 kW the car gets 1 kW (the dropped
        // backtest rule gave it 3 kW and the house's share to the grid).
        SplitCase{"house_first_on_the_powerwall", 8000, 0, 4000, 3000, 0, 1000, 2000},
        // Half full, 3 kW surplus the Powerwall would have stored: the car's is solar (the dropped
        // counterfactual called it Powerwall energy, charge forgone).
        SplitCase{"solar_the_powerwall_would_store", 8000, 4000, 1000, 3000, 3000, 0, 0}),
    [](const auto& info) { return std::string(info.param.name); });
}  // namespace
}  // namespace p15::sim
