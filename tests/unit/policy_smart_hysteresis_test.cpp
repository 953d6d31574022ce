// smart: the hysteresis edges, table-driven. Each case is a sequence of polls through one
// SmartPolicy; the memory goes from one decision to the next snapshot, as the service's Cycle and
// the backtest hand it over. Settings (set here, not the tuned defaults, so the edges stay
// readable): 5 A minimum, start after 120 s, stop after 600 s, amps changes of at least 1 A no
// more often than every 900 s, 180 s smoothing (disabled here unless the case is about
// smoothing, so that the amps read straight from the flows).
#include <gtest/gtest.h>

#include <vector>

#include "service/core/smart_policy.h"
#include "tests/unit/policy_timeline.h"

namespace p15 {
namespace {

using CS = ChargingState;
using CI = ChargeIntent;

struct Poll {
  int at_s;       // seconds from the first poll
  CS state;       // the car's charging_state
  int request_a;  // charge_current_request (== charger_actual_current while charging)
  double grid_w;  // Tesla sign: < 0 exporting
  int want_amps;
  CI want_intent;
};

struct SequenceCase {
  const char* name;
  bool smoothing;
  std::vector<Poll> polls;
};

class SmartHysteresis : public ::testing::TestWithParam<SequenceCase> {};

TEST_P(SmartHysteresis, FollowsTheTimeline) {
  SmartSettings st;
  st.start_delay = Seconds{120};
  st.stop_delay = Seconds{600};
  st.min_change_interval = Seconds{900};
  st.smoothing = GetParam().smoothing ? Seconds{180} : Seconds{0};
  st.memory_max_age = Seconds{3600};  // the cases skip polls between their edges
  const SmartPolicy policy(st);
  test::expect_timeline(policy, GetParam().polls, [](const Poll& p) {
    Snapshot s;
    s.vehicle.charging_state = p.state;
    const bool charging = p.state == CS::Charging;
    s.vehicle.charger_actual_current = charging ? p.request_a : 0;
    s.vehicle.charge_current_request = p.request_a;
    s.vehicle.charger_voltage = 240;
    s.vehicle.charge_current_request_max = 32;
    s.vehicle.battery_level = 50;
    s.vehicle.charge_limit_soc = 80;
    s.powerwall.grid_w = p.grid_w;
    s.powerwall.solar_w = 6000;  // daytime; the Powerwall is at its reserve (no spare energy)
    s.powerwall.load_w = 6000 + p.grid_w;
    s.powerwall.total_pack_energy_wh = 13500;
    s.powerwall.backup_reserve_percent = 20;
    s.powerwall.energy_left_wh = 2700;
    return s;
  });
}

// 2400 W exported = 10 A of surplus; the car's own draw is added back while it charges.
INSTANTIATE_TEST_SUITE_P(
    Edges, SmartHysteresis,
    ::testing::Values(
        SequenceCase{"start_delay_just_under",
                     false,
                     {{0, CS::Stopped, 16, -2400, 10, CI::Keep},
                      {119, CS::Stopped, 16, -2400, 10, CI::Keep}}},
        SequenceCase{"start_delay_reached",
                     false,
                     {{0, CS::Stopped, 16, -2400, 10, CI::Keep},
                      {120, CS::Stopped, 16, -2400, 10, CI::Start}}},
        SequenceCase{
            "surplus_below_minimum_never_starts",
            false,
            {{0, CS::Stopped, 16, -1100, 0, CI::Keep}, {600, CS::Stopped, 16, -1100, 0, CI::Keep}}},
        SequenceCase{"start_timer_restarts_after_a_gap_in_surplus",
                     false,
                     {{0, CS::Stopped, 16, -2400, 10, CI::Keep},
                      {60, CS::Stopped, 16, 0, 0, CI::Keep},
                      {120, CS::Stopped, 16, -2400, 10, CI::Keep},
                      {239, CS::Stopped, 16, -2400, 10, CI::Keep},
                      {240, CS::Stopped, 16, -2400, 10, CI::Start}}},
        // Charging at 10 A (2400 W in the load); importing 2400 W means no surplus at all: the
        // car goes down to the minimum (the first change needs no interval) and holds it.
        SequenceCase{
            "stop_delay_just_under_holds_minimum",
            false,
            {{0, CS::Charging, 10, 2400, 5, CI::Keep}, {599, CS::Charging, 5, 1200, 5, CI::Keep}}},
        SequenceCase{"stop_delay_reached",
                     false,
                     {{0, CS::Charging, 10, 2400, 5, CI::Keep},
                      {599, CS::Charging, 5, 1200, 5, CI::Keep},
                      {600, CS::Charging, 5, 1200, 0, CI::Stop}}},
        SequenceCase{"deficit_timer_restarts_when_surplus_returns",
                     false,
                     {{0, CS::Charging, 10, 2400, 5, CI::Keep},
                      {300, CS::Charging, 5, -1200, 5, CI::Keep},
                      {330, CS::Charging, 5, 1200, 5, CI::Keep},
                      {929, CS::Charging, 5, 1200, 5, CI::Keep},
                      {930, CS::Charging, 5, 1200, 0, CI::Stop}}},
        // First change right away (no change yet), the next only 900 s later.
        SequenceCase{"one_amp_change_is_made", false, {{0, CS::Charging, 10, -240, 11, CI::Keep}}},
        SequenceCase{
            "less_than_one_amp_is_not", false, {{0, CS::Charging, 10, -200, 10, CI::Keep}}},
        SequenceCase{"min_interval_just_under",
                     false,
                     {{0, CS::Charging, 10, -240, 11, CI::Keep},
                      {899, CS::Charging, 11, -960, 11, CI::Keep}}},
        SequenceCase{"min_interval_reached",
                     false,
                     {{0, CS::Charging, 10, -240, 11, CI::Keep},
                      {899, CS::Charging, 11, -960, 11, CI::Keep},
                      {900, CS::Charging, 11, -960, 15, CI::Keep}}},
        // Smoothing: one cloudy poll (3000 W imported) among exports does not stop the car,
        // nor is it worth an amps change; a lasting cloud stops it after the stop delay.
        SequenceCase{"one_sample_cloud_does_not_stop",
                     true,
                     {{0, CS::Stopped, 10, -2400, 10, CI::Keep},
                      {120, CS::Stopped, 10, -2400, 10, CI::Start},
                      {150, CS::Charging, 10, 0, 10, CI::Keep},
                      {180, CS::Charging, 10, 3000, 10, CI::Keep},
                      {210, CS::Charging, 10, 0, 10, CI::Keep}}},
        SequenceCase{"lasting_clouds_do_stop",
                     true,
                     {{0, CS::Stopped, 10, -2400, 10, CI::Keep},
                      {120, CS::Stopped, 10, -2400, 10, CI::Start},
                      {150, CS::Charging, 10, 0, 10, CI::Keep},
                      {180, CS::Charging, 10, 3000, 10, CI::Keep},
                      {270, CS::Charging, 10, 3000, 10, CI::Keep},
                      {869, CS::Charging, 10, 3000, 10, CI::Keep},
                      {870, CS::Charging, 10, 3000, 0, CI::Stop}}}),
    [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace p15
