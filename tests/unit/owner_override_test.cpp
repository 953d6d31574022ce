// The owner's hand on the car: a change in the charging current or the charging itself with no
// command from the service ends the service's steering until the car is unplugged or the owner
// asks. Times in seconds after t0; the service's last command at t0.
#include "service/core/owner_override.h"

#include <gtest/gtest.h>

namespace p15 {
namespace {

const TimePoint t0 = TimePoint{} + Seconds{1'800'000'000};

VehicleReading car(ChargingState state, std::optional<int> amps, long long read_s) {
  VehicleReading r;
  r.charging_state = state;
  r.charge_current_request = amps;
  r.row_time = t0 + Seconds{read_s};
  r.charge_state_time = t0 + Seconds{read_s};
  return r;
}

struct Reading {
  ChargingState state;
  std::optional<int> amps;
  long long at_s;
};

struct OverrideCase {
  std::string name;
  std::vector<Reading> readings;  // after a command at t0
  bool want_override;
  std::string want_in_reason;
};

class OwnerOverride : public ::testing::TestWithParam<OverrideCase> {};

TEST_P(OwnerOverride, IsJudgedBetweenTwoReadingsAfterTheCommand) {
  const auto& c = GetParam();
  Steering s = after_command(Steering{}, t0);
  for (const auto& r : c.readings) {
    s = observe_car(s, car(r.state, r.amps, r.at_s), t0 + Seconds{r.at_s + 1}).next;
  }
  EXPECT_EQ(s.override_reason.has_value(), c.want_override) << s.override_reason.value_or("");
  if (c.want_override) {
    EXPECT_NE(s.override_reason->find(c.want_in_reason), std::string::npos) << *s.override_reason;
  }
}

using CS = ChargingState;
INSTANTIATE_TEST_SUITE_P(
    Cases, OwnerOverride,
    ::testing::Values(
        OverrideCase{
            "the_command_took_effect", {{CS::Charging, 16, 30}, {CS::Charging, 16, 60}}, false, ""},
        OverrideCase{"the_car_clamped_the_amps_itself",
                     {{CS::Charging, 32, 30}, {CS::Charging, 32, 60}},
                     false,
                     ""},
        OverrideCase{"a_reading_from_before_the_command_says_nothing",
                     {{CS::Charging, 10, -5}, {CS::Charging, 16, 30}, {CS::Charging, 16, 60}},
                     false,
                     ""},
        OverrideCase{"the_owner_changed_the_amps",
                     {{CS::Charging, 16, 30}, {CS::Charging, 24, 60}},
                     true,
                     "16 A to 24 A"},
        OverrideCase{"the_owner_stopped_charging",
                     {{CS::Charging, 16, 30}, {CS::Stopped, 16, 60}},
                     true,
                     "charging stopped"},
        OverrideCase{"the_owner_started_charging",
                     {{CS::Stopped, 16, 30}, {CS::Charging, 16, 60}},
                     true,
                     "charging started"},
        OverrideCase{"reaching_the_limit_is_not_the_owner",
                     {{CS::Charging, 16, 30}, {CS::Complete, 16, 60}},
                     false,
                     ""},
        OverrideCase{"unplugging_ends_it",
                     {{CS::Charging, 16, 30}, {CS::Charging, 24, 60}, {CS::Disconnected, 0, 90}},
                     false,
                     ""},
        OverrideCase{"no_amps_reported_no_judgement",
                     {{CS::Charging, std::nullopt, 30}, {CS::Charging, std::nullopt, 60}},
                     false,
                     ""}),
    [](const auto& info) { return info.param.name; });

TEST(OwnerOverrideSession, NoCommandNoJudgementAndResumeClearsIt) {
  Steering s;
  s = observe_car(s, car(CS::Charging, 16, 30), t0 + Seconds{31}).next;
  s = observe_car(s, car(CS::Charging, 24, 60), t0 + Seconds{61}).next;
  EXPECT_FALSE(s.override_reason) << "the service never commanded this session";
  s = after_command(s, t0 + Seconds{100});
  s = observe_car(s, car(CS::Charging, 16, 130), t0 + Seconds{131}).next;
  const SteeringStep step = observe_car(s, car(CS::Charging, 12, 160), t0 + Seconds{161});
  EXPECT_TRUE(step.overridden_now);
  EXPECT_FALSE(resume_steering(step.next).override_reason);
  const SteeringStep unplugged =
      observe_car(step.next, car(CS::Disconnected, std::nullopt, 200), t0 + Seconds{201});
  EXPECT_TRUE(unplugged.resumed_now);
}

}  // namespace
}  // namespace p15
