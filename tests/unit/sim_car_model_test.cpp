// The car model: current ramp, limits, Complete at the limit, sleep timer, plug schedule.
#include <gtest/gtest.h>

#include "sim/car_model.h"

namespace p15::sim {
namespace {

namespace chr = std::chrono;

LocalSeconds wall(int y, unsigned mo, unsigned d, int h, int mi = 0, int s = 0) {
  return LocalSeconds{chr::sys_days{chr::year{y} / mo / d}.time_since_epoch()} + chr::hours{h} +
         chr::minutes{mi} + Seconds{s};
}

struct RampCase {
  const char* name;
  int car_max_a, evse_max_a;
  double from_a;
  int request_a;
  double dt_s;
  double want_end_a, want_avg_a;
};

class CarRamp : public ::testing::TestWithParam<RampCase> {};

TEST_P(CarRamp, FollowsRequestAtTwoAmpsPerSecond) {
  const auto& c = GetParam();
  CarParams p;
  p.car_max_a = c.car_max_a;
  p.evse_max_a = c.evse_max_a;
  CarState s;
  s.charging_state = ChargingState::Charging;
  s.battery_level = 20;
  s.charger_actual_current = c.from_a;
  s.charge_current_request = c.request_a;
  const CarStep step = step_car(p, s, c.dt_s);
  EXPECT_NEAR(s.charger_actual_current, c.want_end_a, 1e-9);
  EXPECT_NEAR(step.car_w, c.want_avg_a * 240, 1e-6);
  EXPECT_NEAR(step.battery_kwh_in, c.want_avg_a * 240 * c.dt_s / 3.6e6 * 0.9, 1e-12);
  EXPECT_NEAR(s.battery_level, 20 + step.battery_kwh_in / 75 * 100, 1e-12);
}

INSTANTIATE_TEST_SUITE_P(Currents, CarRamp,
                         ::testing::Values(RampCase{"one_second_up", 32, 48, 0, 10, 1, 2, 1},
                                           RampCase{"reaches_within_tick", 32, 48, 0, 32, 30, 32,
                                                    (16.0 * 16 + 32.0 * 14) / 30},
                                           RampCase{"ramps_down", 32, 48, 32, 16, 4, 24, 28},
                                           RampCase{"steady", 32, 48, 16, 16, 30, 16, 16},
                                           RampCase{"capped_by_car", 32, 48, 32, 40, 30, 32, 32},
                                           RampCase{"capped_by_evse", 48, 40, 40, 48, 30, 40, 40},
                                           RampCase{"zero_request", 32, 48, 6, 0, 30, 0, 9.0 / 30}),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(CarModel, CompleteAtChargeLimit) {
  const CarParams p;
  CarState s;
  s.charging_state = ChargingState::Charging;
  s.battery_level = 89.99;
  s.charge_limit_soc = 90;
  s.charger_actual_current = 32;
  s.charge_current_request = 32;
  const CarStep step = step_car(p, s, 60);
  EXPECT_TRUE(step.completed);
  EXPECT_EQ(s.charging_state, ChargingState::Complete);
  EXPECT_DOUBLE_EQ(s.battery_level, 90);
  EXPECT_NEAR(step.battery_kwh_in, 0.0001 * 75, 1e-12);
  EXPECT_NEAR(step.car_w * 60 / 3.6e6 * 0.9, step.battery_kwh_in, 1e-12);
  EXPECT_EQ(s.charger_actual_current, 0);
  // Complete draws nothing more.
  EXPECT_EQ(step_car(p, s, 60).car_w, 0);
}

struct SleepCase {
  const char* name;
  ChargingState state;
  int steps;
  bool want_asleep;
};

class CarSleep : public ::testing::TestWithParam<SleepCase> {};

TEST_P(CarSleep, AfterIdleMinutesUnlessCharging) {
  const auto& c = GetParam();
  CarParams p;
  p.sleep_after_s = 15 * 60;
  CarState s;
  s.charging_state = c.state;
  s.battery_level = 20;
  for (int i = 0; i < c.steps; ++i) step_car(p, s, 30);
  EXPECT_EQ(is_asleep(s), c.want_asleep);
}

INSTANTIATE_TEST_SUITE_P(
    Timer, CarSleep,
    ::testing::Values(SleepCase{"stopped_29_ticks", ChargingState::Stopped, 29, false},
                      SleepCase{"stopped_30_ticks", ChargingState::Stopped, 30, true},
                      SleepCase{"disconnected", ChargingState::Disconnected, 30, true},
                      SleepCase{"complete", ChargingState::Complete, 30, true},
                      SleepCase{"charging_never", ChargingState::Charging, 200, false}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(CarModel, ActivityWakesAndRestartsTheTimer) {
  CarParams p;
  CarState s;
  s.charging_state = ChargingState::Stopped;
  for (int i = 0; i < 30; ++i) step_car(p, s, 30);
  ASSERT_TRUE(is_asleep(s));
  note_activity(s);
  EXPECT_FALSE(is_asleep(s));
  for (int i = 0; i < 29; ++i) step_car(p, s, 30);
  EXPECT_FALSE(is_asleep(s));
}

TEST(CarModel, ReportedFields) {
  const CarParams p;
  CarState s;
  s.battery_level = 50;
  s.charge_limit_soc = 90;
  s.charger_actual_current = 32;
  EXPECT_EQ(charge_current_request_max(p), 32);
  EXPECT_DOUBLE_EQ(battery_range_mi(p, s), 150);
  EXPECT_DOUBLE_EQ(charger_power_kw(p, s), 7.68);
  EXPECT_NEAR(minutes_to_full_charge(p, s), 30.0 / (7.68 * 0.9) * 60, 1e-9);
}

struct PlugCase {
  const char* name;
  PlugMode mode;
  int hour, minute;
  bool want_home;
};

class PlugTimes : public ::testing::TestWithParam<PlugCase> {};

TEST_P(PlugTimes, HomeFromSixPmToHalfPastSeven) {
  const auto& c = GetParam();
  PlugSchedule sch;
  sch.mode = c.mode;
  EXPECT_EQ(plugged_in_at(sch, wall(2016, 6, 1, c.hour, c.minute)), c.want_home);
}

INSTANTIATE_TEST_SUITE_P(Times, PlugTimes,
                         ::testing::Values(PlugCase{"midnight", PlugMode::Schedule, 0, 0, true},
                                           PlugCase{"just_before_leaving", PlugMode::Schedule, 7,
                                                    29, true},
                                           PlugCase{"leaving", PlugMode::Schedule, 7, 30, false},
                                           PlugCase{"noon", PlugMode::Schedule, 12, 0, false},
                                           PlugCase{"arriving", PlugMode::Schedule, 18, 0, true},
                                           PlugCase{"always_noon", PlugMode::Always, 12, 0, true}),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(CarSchedule, DepartureDrivesAndArrivalPlugsIn) {
  const CarParams p;
  const PlugSchedule sch;
  std::uint64_t rng = 7;
  CarState s = initial_car_state(sch, wall(2016, 6, 1, 7, 0), 80, 90);
  ASSERT_EQ(s.charging_state, ChargingState::Stopped);
  s.charge_energy_added_kwh = 3;
  const PlugEvent none =
      apply_schedule(p, sch, s, wall(2016, 6, 1, 7, 0), wall(2016, 6, 1, 7, 29), rng);
  EXPECT_EQ(none.kind, PlugEvent::Kind::None);
  const PlugEvent leave =
      apply_schedule(p, sch, s, wall(2016, 6, 1, 7, 29, 30), wall(2016, 6, 1, 7, 30), rng);
  ASSERT_EQ(leave.kind, PlugEvent::Kind::Departed);
  EXPECT_GE(leave.trip_kwh, 8);
  EXPECT_LT(leave.trip_kwh, 15);
  EXPECT_EQ(s.charging_state, ChargingState::Disconnected);
  EXPECT_NEAR(s.battery_level, 80 - leave.trip_kwh / 75 * 100, 1e-9);
  const PlugEvent arrive =
      apply_schedule(p, sch, s, wall(2016, 6, 1, 17, 59, 30), wall(2016, 6, 1, 18, 0), rng);
  EXPECT_EQ(arrive.kind, PlugEvent::Kind::Arrived);
  EXPECT_EQ(s.charging_state, ChargingState::Stopped);
  EXPECT_EQ(s.charge_energy_added_kwh, 0);
}

TEST(CarSchedule, SameSeedSameTrips) {
  std::uint64_t a = 123, b = 123;
  for (int i = 0; i < 100; ++i) {
    const double x = uniform01(a);
    EXPECT_EQ(x, uniform01(b));
    EXPECT_GE(x, 0.0);
    EXPECT_LT(x, 1.0);
  }
}

TEST(CarSchedule, AlwaysHomeNeverLeaves) {
  const CarParams p;
  PlugSchedule sch;
  sch.mode = PlugMode::Always;
  std::uint64_t rng = 1;
  CarState s = initial_car_state(sch, wall(2016, 6, 1, 12), 50, 90);
  EXPECT_EQ(apply_schedule(p, sch, s, wall(2016, 6, 1, 7), wall(2016, 6, 1, 8), rng).kind,
            PlugEvent::Kind::None);
  EXPECT_EQ(s.charging_state, ChargingState::Stopped);
}

}  // namespace
}  // namespace p15::sim
