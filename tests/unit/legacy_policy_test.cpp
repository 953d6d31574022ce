// The legacy rule pinned edge by edge; expected values computed with the original Python.
#include "service/core/legacy_policy.h"

#include <gtest/gtest.h>

namespace p15 {
namespace {

struct LegacyCase {
  const char* name;
  double energy_left_wh, total_pack_wh, reserve_pct;
  double solar_w, load_w, grid_w;
  int actual_a;
  std::optional<int> max_a;
  int want_battery_w, want_available_a, want_amps;
};

class LegacyAmps : public ::testing::TestWithParam<LegacyCase> {};

TEST_P(LegacyAmps, ReproducesOriginalArithmetic) {
  const auto& c = GetParam();
  PowerwallReading pw;
  pw.energy_left_wh = c.energy_left_wh;
  pw.total_pack_energy_wh = c.total_pack_wh;
  pw.backup_reserve_percent = c.reserve_pct;
  pw.solar_w = c.solar_w;
  pw.load_w = c.load_w;
  pw.grid_w = c.grid_w;
  VehicleReading car;
  car.charger_actual_current = c.actual_a;
  car.charge_current_request_max = c.max_a;
  EXPECT_EQ(legacy::available_battery_w(pw), c.want_battery_w);
  EXPECT_EQ(legacy::available_amps(pw), c.want_available_a);
  EXPECT_EQ(legacy::charging_amps(pw, car), c.want_amps);
}

INSTANTIATE_TEST_SUITE_P(
    Edges, LegacyAmps,
    ::testing::Values(
        LegacyCase{"domain_example", 9211.5, 13098, 20, 5700, 850, -3650, 0, {}, 4900, 55, 32},
        LegacyCase{"floor_div_negative", 3105, 13500, 20, 0, 2508, 0, 16, 32, 0, -11, 5},
        LegacyCase{"buffer_strict_equal_gives_zero", 3105, 13500, 20, 0, 2508, 0, 16, 32, 0, -11,
                   5},
        LegacyCase{"buffer_one_above", 3106, 13500, 20, 0, 2508, 0, 16, 32, 4900, 9, 25},
        LegacyCase{"energy_left_truncated", 3105.9, 13500, 20, 0, 2508, 0, 16, 32, 0, -11, 5},
        LegacyCase{"reserve_truncated", 3105, 13499, 20, 0, 2508, 0, 16, 32, 4900, 9, 25},
        LegacyCase{"default_max_32", 20000, 27000, 30, 8000, 1200, -6000, 10, {}, 4900, 73, 32},
        LegacyCase{"car_max_48_caps", 20000, 27000, 30, 8000, 1200, -6000, 10, 48, 4900, 73, 48},
        LegacyCase{"clamped_at_zero", 1000, 13500, 20, 0, 3000, 3000, 0, 32, 0, -25, 0},
        LegacyCase{"fractional_watts", 5000, 13500, 20, 300.5, 700.25, 100.1, 8, 32, 4900, 18,
                   26},
        LegacyCase{"idle_home_battery_only", 5000, 13500, 20, 0, 0, 0, 0, 32, 4900, 20, 20},
        LegacyCase{"full_reserve_no_battery", 13000, 13500, 100, 500, 1000, 0, 12, 32, 0, -3, 9},
        LegacyCase{"negative_zero_inputs", 9000, 13500, 20, -0.0, 240, -0.0, 6, 32, 4900, 19,
                   25}),
    [](const auto& info) { return std::string(info.param.name); });

struct FloorDivCase {
  double a, b, want;
};
class PythonFloorDiv : public ::testing::TestWithParam<FloorDivCase> {};
TEST_P(PythonFloorDiv, MatchesCPython) {
  EXPECT_EQ(legacy::python_floor_div(GetParam().a, GetParam().b), GetParam().want);
}
INSTANTIATE_TEST_SUITE_P(Values, PythonFloorDiv,
                         ::testing::Values(FloorDivCase{-2508, 240, -11}, FloorDivCase{2508, 240, 10},
                                           FloorDivCase{-240, 240, -1}, FloorDivCase{-0.1, 240, -1},
                                           FloorDivCase{0.5, 240, 0}, FloorDivCase{-239.9, 240, -1},
                                           FloorDivCase{479.99, 240, 1}));

struct IntentCase {
  const char* name;
  ChargingState state;
  int amps;
  double range_mi;
  ChargeIntent want;
};
class LegacyIntent : public ::testing::TestWithParam<IntentCase> {};
TEST_P(LegacyIntent, StartStopRule) {
  VehicleReading car;
  car.charging_state = GetParam().state;
  car.battery_range_mi = GetParam().range_mi;
  EXPECT_EQ(legacy::intent(car, GetParam().amps, 5), GetParam().want);
}
INSTANTIATE_TEST_SUITE_P(
    Edges, LegacyIntent,
    ::testing::Values(
        IntentCase{"stopped_5A_low_range_starts", ChargingState::Stopped, 5, 59.9,
                   ChargeIntent::Start},
        IntentCase{"stopped_4A_keeps", ChargingState::Stopped, 4, 10, ChargeIntent::Keep},
        IntentCase{"stopped_range_60_keeps", ChargingState::Stopped, 32, 60, ChargeIntent::Keep},
        IntentCase{"charging_4A_stops", ChargingState::Charging, 4, 200, ChargeIntent::Stop},
        IntentCase{"charging_5A_keeps", ChargingState::Charging, 5, 200, ChargeIntent::Keep},
        IntentCase{"starting_0A_keeps", ChargingState::Starting, 0, 10, ChargeIntent::Keep},
        IntentCase{"complete_keeps", ChargingState::Complete, 32, 10, ChargeIntent::Keep},
        IntentCase{"disconnected_keeps", ChargingState::Disconnected, 32, 10,
                   ChargeIntent::Keep}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(LegacyPolicy, DecisionCarriesPolicyNameAndEveryInput) {
  Snapshot s;
  s.powerwall.energy_left_wh = 9211.5;
  s.powerwall.total_pack_energy_wh = 13098;
  s.powerwall.backup_reserve_percent = 20;
  s.powerwall.solar_w = 5700;
  s.powerwall.load_w = 850;
  s.powerwall.grid_w = -3650;
  s.powerwall.row_id = 7;
  s.vehicle.charging_state = ChargingState::Stopped;
  s.vehicle.battery_range_mi = 40;
  s.vehicle.row_id = 9;
  LegacyPolicy policy({5});
  Decision d = policy.decide(s);
  EXPECT_EQ(d.policy, "legacy");
  EXPECT_EQ(d.amps, 32);
  EXPECT_EQ(d.intent, ChargeIntent::Start);
  std::vector<std::string> names;
  for (const auto& f : d.features) names.push_back(f.name);
  for (const char* want : {"solar_power_w", "load_power_w", "grid_power_w", "energy_left_wh",
                           "total_pack_energy_wh", "backup_reserve_percent",
                           "charger_actual_current_a", "charge_current_request_max_a",
                           "battery_range_mi", "charging_state", "battery_row_id"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), want), names.end()) << want;
  }
}

TEST(PolicyRegistry, UnknownNameIsAnErrorListingKnownOnes) {
  auto p = make_policy("magic", {});
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.error().message.find("legacy"), std::string::npos);
  EXPECT_TRUE(make_policy("legacy", {}).ok());
}

}  // namespace
}  // namespace p15
