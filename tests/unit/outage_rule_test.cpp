// The outage rule (service/core/outage.h) over every policy make_policy hands out: with the grid
// down the car charges only above the off-grid reserve, whatever the policy wanted.
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "service/core/outage.h"
#include "service/core/policy.h"

namespace p15 {
namespace {

using CS = ChargingState;
using CI = ChargeIntent;
using Opt = std::optional<std::string>;
constexpr std::optional<double> kNone;

const TimePoint kNow{Seconds{1780000000}};

// What the rule must make of the policy's decision.
enum class Want { Stands, Blocked };

struct OutageCase {
  const char* name;
  Opt grid_status, island_status;
  std::optional<double> row_reserve, setting;
  double percent;
  CS state;
  Want want;
  std::string reason;  // the start of the decision's reason ("" = exactly the policy's)
};

// 8 kW of sun, the house at 500 W, the Powerwall absorbing the rest: every policy wants the car
// charging (legacy's start needs < 60 miles, the delayed policies' surplus held for an hour).
Snapshot snapshot_of(const OutageCase& c) {
  Snapshot s;
  s.now = kNow;
  PowerwallReading& pw = s.powerwall;
  pw.row_time = kNow;
  pw.solar_w = 8000;
  pw.load_w = 500;
  pw.battery_w = -7500;
  pw.total_pack_energy_wh = 13500;
  pw.percentage_charged = c.percent;
  pw.energy_left_wh = c.percent / 100 * pw.total_pack_energy_wh;
  pw.backup_reserve_percent = 20;
  pw.grid_status = c.grid_status;
  pw.island_status = c.island_status;
  pw.off_grid_vehicle_charging_reserve_percent = c.row_reserve;
  VehicleReading& car = s.vehicle;
  car.row_time = kNow;
  car.state = VehicleState::Online;
  car.charging_state = c.state;
  const bool charging = c.state == CS::Charging;
  car.charger_actual_current = charging ? 16 : 0;
  car.charge_current_request = 16;
  car.charge_current_request_max = 32;
  car.charger_voltage = charging ? 240 : 0;
  car.battery_level = 50;
  car.battery_range_mi = 40;
  car.charge_limit_soc = 90;
  s.memory.decided_at = kNow - Seconds{30};
  s.memory.surplus_since = kNow - Seconds{3600};
  s.memory.surplus_avg_w = 7500;
  s.memory.export_avg_w = 7500;
  return s;
}

const std::string kNoReserve =
    "no off-grid charging reserve (the row has no off_grid_vehicle_charging_reserve_percent, the "
    "setting powerwall.off_grid_vehicle_charging_reserve_percent is not set)";

const OutageCase kCases[] = {
    {"active_charging", "Active", "on_grid", kNone, kNone, 34, CS::Charging, Want::Stands, ""},
    {"active_stopped", "Active", "on_grid", kNone, kNone, 34, CS::Stopped, Want::Stands, ""},
    {"unknown_fields", std::nullopt, std::nullopt, kNone, kNone, 34, CS::Stopped, Want::Stands, ""},
    {"inactive_no_reserve_charging", "Inactive", std::nullopt, kNone, kNone, 90, CS::Charging,
     Want::Blocked, "grid down (grid_status Inactive): " + kNoReserve + ": stop"},
    {"inactive_no_reserve_stopped", "Inactive", "off_grid", kNone, kNone, 90, CS::Stopped,
     Want::Blocked, "grid down (grid_status Inactive): " + kNoReserve + ": no start"},
    {"island_below_setting_charging", std::nullopt, "off_grid", kNone, 40, 34, CS::Charging,
     Want::Blocked,
     "grid down (island_status off_grid): Powerwall 34 % at or below the off-grid charging "
     "reserve 40 %: stop"},
    {"island_at_row_reserve_stopped", "Active", "off_grid_unintentional", 40, kNone, 40,
     CS::Stopped, Want::Blocked,
     "grid down (island_status off_grid_unintentional): Powerwall 40 % at or below the off-grid "
     "charging reserve 40 %: no start"},
    {"island_above_row_reserve_charging", "Inactive", "off_grid_intentional", 40, kNone, 80.5,
     CS::Charging, Want::Stands,
     "grid down (grid_status Inactive): Powerwall 80.5 % above the off-grid charging reserve "
     "40 %: "},
    {"transition_above_setting_stopped", "Transition", std::nullopt, kNone, 20, 80, CS::Stopped,
     Want::Stands,
     "grid down (grid_status Transition): Powerwall 80 % above the off-grid charging reserve "
     "20 %: "},
    {"row_reserve_beats_higher_setting", "Inactive", std::nullopt, 20, 60, 50, CS::Stopped,
     Want::Stands,
     "grid down (grid_status Inactive): Powerwall 50 % above the off-grid charging reserve "
     "20 %: "},
    {"row_reserve_beats_lower_setting", "Inactive", std::nullopt, 60, 20, 50, CS::Charging,
     Want::Blocked,
     "grid down (grid_status Inactive): Powerwall 50 % at or below the off-grid charging "
     "reserve 60 %: stop"},
    {"disconnected_gets_nothing", "Inactive", std::nullopt, kNone, kNone, 90, CS::Disconnected,
     Want::Blocked, "grid down (grid_status Inactive): " + kNoReserve + ": no start"},
};

class OutageRule : public ::testing::TestWithParam<std::tuple<std::string, OutageCase>> {};

TEST_P(OutageRule, AppliesToEveryPolicy) {
  const auto& [policy_name, c] = GetParam();
  PolicySettings settings;
  settings.off_grid_vehicle_charging_reserve_percent = c.setting;
  auto made = make_policy(policy_name, settings);
  ASSERT_TRUE(made.ok()) << made.error().message;
  const auto& guard = dynamic_cast<const OutageGuard&>(**made);
  const Snapshot s = snapshot_of(c);
  const Decision wanted = guard.inner().decide(s);
  const Decision got = guard.decide(s);
  // The setting is meaningful: the policy alone would charge this car.
  if (c.state == CS::Stopped) ASSERT_EQ(wanted.intent, CI::Start) << wanted.reason;
  if (c.state == CS::Charging) ASSERT_GT(wanted.amps, 0) << wanted.reason;
  EXPECT_EQ(got.policy, policy_name);
  EXPECT_EQ(got.reason.rfind(c.reason, 0), 0u) << got.reason;
  if (c.want == Want::Stands) {
    EXPECT_EQ(got.amps, wanted.amps);
    EXPECT_EQ(got.intent, wanted.intent);
    EXPECT_EQ(got.reason, c.reason + wanted.reason);
    return;
  }
  EXPECT_EQ(got.amps, 0);
  EXPECT_EQ(got.intent, c.state == CS::Charging ? CI::Stop : CI::Keep) << got.reason;
  // The policy's own view is kept for the log, and its memory for when the grid returns.
  EXPECT_NE(got.reason.find("(" + policy_name + " wanted "), std::string::npos) << got.reason;
  EXPECT_EQ(got.memory.surplus_since, wanted.memory.surplus_since);
}

INSTANTIATE_TEST_SUITE_P(Policies, OutageRule,
                         ::testing::Combine(::testing::ValuesIn(policy_names()),
                                            ::testing::ValuesIn(kCases)),
                         [](const auto& info) {
                           std::string n =
                               std::get<0>(info.param) + "_" + std::get<1>(info.param).name;
                           for (char& ch : n) {
                             if (ch == '-') ch = '_';
                           }
                           return n;
                         });

// The verdict is recorded with the decision's inputs.
TEST(OutageRule, RecordsWhyAndTheFloor) {
  OutageCase c{"", "Inactive", "off_grid", 40, kNone, 34, CS::Charging, Want::Blocked, ""};
  const Snapshot s = snapshot_of(c);
  const Decision d = apply_outage_rule(Decision{16, CI::Keep, "x", "surplus", {}, {}}, s, kNone);
  ASSERT_EQ(d.features.size(), 3u);
  EXPECT_EQ(d.features[0].name, "grid_down");
  EXPECT_EQ(std::get<std::string>(d.features[0].value), "grid_status Inactive");
  EXPECT_EQ(d.features[2].name, "off_grid_reserve_percent");
  EXPECT_DOUBLE_EQ(std::get<double>(d.features[2].value), 40);
  EXPECT_EQ(d.reason,
            "grid down (grid_status Inactive): Powerwall 34 % at or below the off-grid charging "
            "reserve 40 %: stop (x wanted 16 A, keep: surplus)");
}

TEST(OutageRule, GridUpLeavesTheDecisionUntouched) {
  OutageCase c{"", "Active", "on_grid", 40, kNone, 34, CS::Charging, Want::Stands, ""};
  const Decision in{16, CI::Keep, "x", "surplus", {{"a", 1.0}}, {}};
  const Decision d = apply_outage_rule(in, snapshot_of(c), kNone);
  EXPECT_EQ(d.reason, "surplus");
  EXPECT_EQ(d.features.size(), 1u);
  EXPECT_EQ(d.amps, 16);
}

}  // namespace
}  // namespace p15
