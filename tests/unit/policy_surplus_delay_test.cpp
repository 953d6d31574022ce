// surplus-delay: a surplus follower with a 1-minute start delay, a 3-minute stop delay and a 6 A
// minimum. Each case is a sequence of polls; the memory goes from one decision to the next
// snapshot, as the service's Cycle and the backtest hand it over.
#include <gtest/gtest.h>

#include <vector>

#include "service/core/policy.h"
#include "service/core/surplus_delay_policy.h"
#include "tests/unit/policy_timeline.h"

namespace p15 {
namespace {

using CS = ChargingState;
using CI = ChargeIntent;

struct Poll {
  int at_s;       // seconds from the first poll
  CS state;       // the car's charging_state
  int actual_a;   // charger_actual_current (its draw is in load and grid)
  double grid_w;  // Tesla sign: < 0 exporting
  double battery_w;
  int want_amps;
  CI want_intent;
};

struct SequenceCase {
  const char* name;
  std::vector<Poll> polls;
};

class SurplusDelay : public ::testing::TestWithParam<SequenceCase> {};

TEST_P(SurplusDelay, FollowsTheTimeline) {
  const SurplusDelayPolicy policy;
  test::expect_timeline(policy, GetParam().polls, [](const Poll& p) {
    Snapshot s;
    s.vehicle.charging_state = p.state;
    s.vehicle.charger_actual_current = p.actual_a;
    s.vehicle.charger_voltage = p.state == CS::Charging ? 240 : 0;
    s.vehicle.charge_current_request_max = 32;
    s.powerwall.grid_w = p.grid_w;
    s.powerwall.battery_w = p.battery_w;
    return s;
  });
}

INSTANTIATE_TEST_SUITE_P(
    Timelines, SurplusDelay,
    ::testing::Values(
        // 2400 W exported = 10 A; starts only once the surplus has lasted 60 s.
        SequenceCase{"start_after_one_minute",
                     {{0, CS::Stopped, 0, -2400, 0, 10, CI::Keep},
                      {30, CS::Stopped, 0, -2400, 0, 10, CI::Keep},
                      {60, CS::Stopped, 0, -2400, 0, 10, CI::Start}}},
        SequenceCase{"surplus_gap_restarts_the_timer",
                     {{0, CS::Stopped, 0, -2400, 0, 10, CI::Keep},
                      {30, CS::Stopped, 0, 100, 0, 0, CI::Keep},
                      {60, CS::Stopped, 0, -2400, 0, 10, CI::Keep},
                      {90, CS::Stopped, 0, -2400, 0, 10, CI::Keep},
                      {120, CS::Stopped, 0, -2400, 0, 10, CI::Start}}},
        // 1400 W = 5 A: below the 6 A minimum, never starts.
        SequenceCase{"five_amps_never_starts",
                     {{0, CS::Stopped, 0, -1400, 0, 0, CI::Keep},
                      {120, CS::Stopped, 0, -1400, 0, 0, CI::Keep}}},
        SequenceCase{"six_amps_starts",
                     {{0, CS::Stopped, 0, -1440, 0, 6, CI::Keep},
                      {60, CS::Stopped, 0, -1440, 0, 6, CI::Start}}},
        // Charging at 10 A (2400 W inside load): amps follow export + own draw.
        SequenceCase{"amps_follow_surplus",
                     {{0, CS::Charging, 10, -1200, 0, 15, CI::Keep},
                      {30, CS::Charging, 15, 480, 0, 13, CI::Keep},
                      {60, CS::Charging, 13, 0, 0, 13, CI::Keep},
                      {90, CS::Charging, 13, -9000, 0, 32, CI::Keep}}},
        // Surplus gone: hold 6 A for three minutes, then stop.
        SequenceCase{"stop_after_three_minutes",
                     {{0, CS::Charging, 10, 1500, 0, 6, CI::Keep},
                      {60, CS::Charging, 6, 1500, 0, 6, CI::Keep},
                      {150, CS::Charging, 6, 1500, 0, 6, CI::Keep},
                      {180, CS::Charging, 6, 1500, 0, 0, CI::Stop}}},
        SequenceCase{"deficit_interrupted_keeps_charging",
                     {{0, CS::Charging, 10, 1500, 0, 6, CI::Keep},
                      {120, CS::Charging, 6, -500, 0, 8, CI::Keep},
                      {150, CS::Charging, 8, 1500, 0, 6, CI::Keep},
                      {300, CS::Charging, 6, 1500, 0, 6, CI::Keep},
                      {330, CS::Charging, 6, 1500, 0, 0, CI::Stop}}},
        // The Powerwall covers the car (grid 0, discharging 2400 W): not surplus.
        SequenceCase{"powerwall_discharge_is_not_surplus",
                     {{0, CS::Charging, 10, 0, 2400, 6, CI::Keep},
                      {180, CS::Charging, 6, 0, 1440, 0, CI::Stop}}},
        // The Powerwall charging with 3000 W counts: the car goes first.
        SequenceCase{"powerwall_charging_is_surplus",
                     {{0, CS::Stopped, 0, 0, -3000, 12, CI::Keep},
                      {60, CS::Stopped, 0, 0, -3000, 12, CI::Start}}},
        // A poll gap longer than 5 minutes: the old surplus proves nothing.
        SequenceCase{"stale_memory_ignored",
                     {{0, CS::Stopped, 0, -2400, 0, 10, CI::Keep},
                      {900, CS::Stopped, 0, -2400, 0, 10, CI::Keep},
                      {960, CS::Stopped, 0, -2400, 0, 10, CI::Start}}},
        SequenceCase{"unplugging_forgets",
                     {{0, CS::Stopped, 0, -2400, 0, 10, CI::Keep},
                      {30, CS::Disconnected, 0, -2400, 0, 0, CI::Keep},
                      {60, CS::Stopped, 0, -2400, 0, 10, CI::Keep},
                      {120, CS::Stopped, 0, -2400, 0, 10, CI::Start}}}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(SurplusDelayRegistry, MadeByNameWithTheConfiguredFloorWhenHigher) {
  auto p = make_policy("surplus-delay", {});
  ASSERT_TRUE(p.ok());
  EXPECT_EQ((*p)->name(), "surplus-delay");
  auto high = make_policy("surplus-delay", PolicySettings{8});
  ASSERT_TRUE(high.ok());
  // make_policy hands each policy out under the outage rule (outage.h).
  const auto inner = [](const Policy& guarded) -> const SurplusDelayPolicy& {
    return dynamic_cast<const SurplusDelayPolicy&>(
        dynamic_cast<const OutageGuard&>(guarded).inner());
  };
  EXPECT_EQ(inner(**high).settings().min_amps, 8);
  EXPECT_EQ(inner(**p).settings().min_amps, 6);
}

}  // namespace
}  // namespace p15
