// The one model of the car's commands, sleep and wake (sim/car_model.h): what each command does
// from each charging state, the 5 A rule, and the wake-up's delay.
#include <gtest/gtest.h>

#include "sim/car_model.h"

namespace p15::sim {
namespace {

struct CommandCase {
  std::string name;
  ChargingState from;
  VehicleCommand command;
  bool result;
  std::string reason;
  ChargingState to;
  int request_after = 16;  // charge_current_request afterwards (16 before)
};

class CarCommand : public ::testing::TestWithParam<CommandCase> {};

TEST_P(CarCommand, AnswersAndChangesTheCarAsTeslaDoes) {
  const auto& c = GetParam();
  CarParams p;
  p.car_max_a = 32;
  CarState s;
  s.charging_state = c.from;
  s.charge_current_request = 16;
  const CarAnswer a = apply_command(p, s, c.command);
  EXPECT_EQ(a.result, c.result);
  EXPECT_EQ(a.reason, c.reason);
  EXPECT_EQ(s.charging_state, c.to);
  EXPECT_EQ(s.charge_current_request, c.request_after);
}

const VehicleCommand kStart{CommandKind::ChargeStart, 0};
const VehicleCommand kStop{CommandKind::ChargeStop, 0};
VehicleCommand amps(int a) { return {CommandKind::SetChargingAmps, a}; }
using CS = ChargingState;

INSTANTIATE_TEST_SUITE_P(
    Rules, CarCommand,
    ::testing::Values(
        CommandCase{"start_stopped", CS::Stopped, kStart, true, "", CS::Charging},
        CommandCase{"start_disconnected", CS::Disconnected, kStart, false, "disconnected",
                    CS::Disconnected},
        CommandCase{"start_charging", CS::Charging, kStart, false, "is_charging", CS::Charging},
        CommandCase{"start_starting", CS::Starting, kStart, false, "is_charging", CS::Starting},
        CommandCase{"start_complete", CS::Complete, kStart, false, "complete", CS::Complete},
        // The wall connector gives nothing: the car takes the start and stays NoPower.
        CommandCase{"start_no_power", CS::NoPower, kStart, true, "", CS::NoPower},
        CommandCase{"stop_charging", CS::Charging, kStop, true, "", CS::Stopped},
        CommandCase{"stop_stopped", CS::Stopped, kStop, false, "not_charging", CS::Stopped},
        CommandCase{"stop_disconnected", CS::Disconnected, kStop, false, "not_charging",
                    CS::Disconnected},
        CommandCase{"amps_in_range", CS::Charging, amps(12), true, "", CS::Charging, 12},
        CommandCase{"amps_at_max", CS::Stopped, amps(32), true, "", CS::Stopped, 32},
        CommandCase{"amps_above_max", CS::Charging, amps(33), false, "invalid_charging_amps",
                    CS::Charging, 16},
        CommandCase{"amps_negative", CS::Charging, amps(-1), false, "invalid_charging_amps",
                    CS::Charging, 16},
        // Below 5 A the first request only lands on 5 A; the second identical one takes.
        CommandCase{"amps_low_once", CS::Charging, amps(3), true, "", CS::Charging, 5}),
    [](const auto& info) { return info.param.name; });

TEST(CarCommand, LowAmpsTakeEffectWhenSentTwice) {
  CarParams p;
  CarState s;
  s.charging_state = ChargingState::Charging;
  set_charging_amps(p, s, 3);
  EXPECT_EQ(s.charge_current_request, 5);
  set_charging_amps(p, s, 3);
  EXPECT_EQ(s.charge_current_request, 3);
  set_charging_amps(p, s, 2);  // a different low value starts over
  EXPECT_EQ(s.charge_current_request, 5);
}

struct WakeCase {
  std::string name;
  Presence from;
  double delay_s;
  double waited_s;
  Presence after;
};

class CarWake : public ::testing::TestWithParam<WakeCase> {};

TEST_P(CarWake, ComesOnlineAfterItsDelay) {
  const auto& c = GetParam();
  CarParams p;
  p.wake_delay_s = c.delay_s;
  CarState s;
  s.presence = c.from;
  request_wake(p, s);
  step_presence(s, c.waited_s);
  EXPECT_EQ(s.presence, c.after);
}

INSTANTIATE_TEST_SUITE_P(
    Delays, CarWake,
    ::testing::Values(WakeCase{"asleep_at_once", Presence::Asleep, 0, 0, Presence::Online},
                      WakeCase{"asleep_not_yet", Presence::Asleep, 20, 19, Presence::Asleep},
                      WakeCase{"asleep_woken", Presence::Asleep, 20, 20, Presence::Online},
                      WakeCase{"offline_never", Presence::Offline, 20, 3600, Presence::Offline},
                      WakeCase{"online_stays", Presence::Online, 20, 0, Presence::Online}),
    [](const auto& info) { return info.param.name; });

TEST(CarWake, FallsAsleepWhenIdleButNotWhileCharging) {
  CarParams p;
  p.sleep_after_s = 60;
  CarState s;
  s.charging_state = ChargingState::Stopped;
  step_car(p, s, 59);
  EXPECT_EQ(s.presence, Presence::Online);
  const CarStep step = step_car(p, s, 1);
  EXPECT_TRUE(step.fell_asleep);
  EXPECT_TRUE(is_asleep(s));
  CarState charging;
  charging.charging_state = ChargingState::Charging;
  step_car(p, charging, 3600);
  EXPECT_EQ(charging.presence, Presence::Online);
}

}  // namespace
}  // namespace p15::sim
