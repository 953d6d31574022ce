// home_readings: the collector's stored rows turned into what the planner's outlook learns from,
// as the Cycle would have fed them live (the planner's warm start, service/poll/planner_history.h).
#include <gtest/gtest.h>

#include "service/core/outlook.h"

namespace p15 {
namespace {

const TimePoint kT0{std::chrono::sys_days{std::chrono::year{2026} / 6 / 1}.time_since_epoch()};

Result<PowerwallReading> pw(int at_s, double solar_w, double load_w) {
  PowerwallReading r;
  r.row_time = kT0 + Seconds{at_s};
  r.solar_w = solar_w;
  r.load_w = load_w;
  return r;
}

Result<VehicleReading> car(int at_s, ChargingState state, int amps) {
  VehicleReading r;
  r.row_time = kT0 + Seconds{at_s};
  r.charging_state = state;
  r.charger_actual_current = amps;
  r.charger_voltage = 240;
  return r;
}

struct ReadingsCase {
  const char* name;
  PowerDayRows rows;
  std::vector<std::pair<int, double>> want;  // (seconds after kT0, house W), oldest first
  long long skipped = 0;
};

class HomeReadings : public ::testing::TestWithParam<ReadingsCase> {};

TEST_P(HomeReadings, AsTheCycleWouldHaveFedThem) {
  const ReadingsCase& c = GetParam();
  long long skipped = 0;
  const std::vector<HomeReading> got = home_readings(c.rows, skipped);
  ASSERT_EQ(got.size(), c.want.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].at, kT0 + Seconds{c.want[i].first}) << i;
    EXPECT_DOUBLE_EQ(got[i].house_w, c.want[i].second) << i;
  }
  EXPECT_EQ(skipped, c.skipped);
}

const Error kBad{"battery_model row 7: solar_power is not a number"};

INSTANTIATE_TEST_SUITE_P(
    Rows, HomeReadings,
    ::testing::Values(
        ReadingsCase{"NoCarRowTheLoadIsTheHouse", {{pw(0, 100, 900)}, {}}, {{0, 900}}},
        ReadingsCase{"TheChargingCarIsTakenOut",
                     {{pw(10, 4000, 4740)}, {car(5, ChargingState::Charging, 16)}},
                     {{10, 900}}},
        ReadingsCase{
            "ACarRowStampedLaterIsNotYetInForce",
            {{pw(10, 4000, 4740), pw(30, 4000, 4740)}, {car(20, ChargingState::Charging, 16)}},
            {{10, 4740}, {30, 900}}},
        ReadingsCase{"AStoppedCarDrawsNothing",
                     {{pw(10, 0, 700)},
                      {car(0, ChargingState::Charging, 16), car(5, ChargingState::Stopped, 16)}},
                     {{10, 700}}},
        ReadingsCase{"RowsOutOfOrderAreSortedAndTheUnreadableCounted",
                     {{pw(30, 0, 500), kBad, pw(10, 0, 400)},
                      {Result<VehicleReading>(Error{"vehicle_model row 3: bad"})}},
                     {{10, 400}, {30, 500}},
                     1},
        ReadingsCase{"TheHouseNeverGoesBelowZero",
                     {{pw(10, 0, 1000)}, {car(0, ChargingState::Charging, 32)}},
                     {{10, 0}}}),
    [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace p15
