// smart, rule 2's hand-over: while a full Powerwall can give the car what it still needs on the
// last night before the departure, the car takes only the solar the Powerwall cannot store; and a
// full Powerwall's small export is rounded up to the minimum current. Table-driven over one
// decision each, with the sun learned as rising at 06:00 and setting at 18:00 UTC.
#include <gtest/gtest.h>

#include "service/core/smart_battery.h"
#include "service/core/smart_policy.h"
#include "service/core/smart_surplus.h"

namespace p15 {
namespace {

using std::chrono::hours;

const TimePoint kMidnight{std::chrono::days{20000}};  // a UTC midnight
const TimePoint kNoon = kMidnight + hours{12};

struct HandoverCase {
  const char* name;
  double battery_level;  // % (target 80 %, 75 kWh, 90 % charger: 6 % is 5 kWh from the wall)
  double pw_percent;     // Powerwall state of charge
  double battery_w;      // Tesla sign: < 0 charging
  double grid_w;         // Tesla sign: < 0 exporting
  int departure_h;       // hours after the midnight
  int want_amps;
  int car_max_amps = 32;  // charge_current_request_max
};

class SmartHandover : public ::testing::TestWithParam<HandoverCase> {};

Snapshot noon_snapshot(const HandoverCase& c) {
  Snapshot s;
  s.now = kNoon;
  s.memory.decided_at = kNoon - Seconds{30};
  s.memory.sun_up = true;
  s.memory.sun_changed_at = kMidnight + hours{6};
  s.memory.sunrise_utc = hours{6};
  s.memory.sunset_utc = hours{18};
  s.memory.night_load_w = 500;
  auto& pw = s.powerwall;
  pw.load_w = 1000;
  pw.battery_w = c.battery_w;
  pw.grid_w = c.grid_w;
  pw.solar_w = pw.load_w - c.battery_w - c.grid_w;
  pw.total_pack_energy_wh = 13500;
  pw.energy_left_wh = 13500 * c.pw_percent / 100;
  pw.percentage_charged = c.pw_percent;
  pw.backup_reserve_percent = 20;
  auto& car = s.vehicle;
  car.charging_state = ChargingState::Stopped;
  car.battery_level = c.battery_level;
  car.charge_limit_soc = 80;
  car.charger_voltage = 240;
  car.charge_current_request_max = c.car_max_amps;
  s.plan.departure = kMidnight + hours{c.departure_h};
  s.plan.target_soc = 80;
  return s;
}

TEST_P(SmartHandover, WantsTheAmps) {
  SmartSettings st;
  st.smoothing = Seconds{0};
  const Decision d = SmartPolicy(st).decide(noon_snapshot(GetParam()));
  EXPECT_EQ(d.amps, GetParam().want_amps) << d.reason;
}

// 3000 W of surplus is 12 A. The Powerwall at 60 % would store it; at 100 % it is exported.
INSTANTIATE_TEST_SUITE_P(
    Cases, SmartHandover,
    ::testing::Values(
        // 5 kWh needed, departure 07:00 tomorrow: tonight's hand-over covers it; leave the sun to
        // the Powerwall.
        HandoverCase{"small_need_leaves_the_sun_to_the_powerwall", 74, 60, -3000, 0, 31, 0},
        // 25 kWh needed: more than a full Powerwall hands over; take the surplus now.
        HandoverCase{"large_need_takes_the_surplus", 50, 60, -3000, 0, 31, 12},
        // A full Powerwall exports: the car takes the export whatever it needs.
        HandoverCase{"full_powerwall_export_goes_to_the_car", 74, 100, 0, -3000, 31, 12},
        // Departure at 18:00, at sunset: no night to hand over in; take the surplus.
        HandoverCase{"evening_departure_takes_the_surplus", 74, 60, -3000, 0, 18, 12},
        // Departure at 16:00, before sunset: likewise.
        HandoverCase{"afternoon_departure_takes_the_surplus", 74, 60, -3000, 0, 16, 12},
        // A full Powerwall exporting 900 W (3.75 A >= 70 % of 5 A): rounded up to 5 A.
        HandoverCase{"full_powerwall_small_export_rounds_up", 74, 100, 0, -900, 31, 5},
        // 800 W (3.3 A) is too little to round up; nor is 900 W from a Powerwall not full.
        HandoverCase{"too_small_export_stays_off", 74, 100, 0, -800, 31, 0},
        HandoverCase{"no_round_up_below_full", 50, 90, -900, 0, 31, 0},
        // A car that takes at most 3 A is never rounded up past it: 3 A is below the minimum, so
        // it stays off (fuzz.decision found 5 A set for a 3 A car).
        HandoverCase{"round_up_never_above_the_cars_maximum", 74, 100, 0, -900, 31, 0, 3}),
    [](const auto& info) { return std::string(info.param.name); });

struct ExportCase {
  const char* name;
  double pw_percent, battery_w, grid_w;
  ChargingState state;
  int car_amps;
  double want_w;
};

class SmartExportSurplus : public ::testing::TestWithParam<ExportCase> {};

TEST_P(SmartExportSurplus, IsWhatThePowerwallCannotStore) {
  const ExportCase& c = GetParam();
  PowerwallReading pw;
  pw.percentage_charged = c.pw_percent;
  pw.battery_w = c.battery_w;
  pw.grid_w = c.grid_w;
  VehicleReading car;
  car.charging_state = c.state;
  car.charger_actual_current = c.car_amps;
  car.charger_voltage = 240;
  EXPECT_DOUBLE_EQ(smart::export_surplus_w(pw, car, SmartSettings{}), c.want_w);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, SmartExportSurplus,
    ::testing::Values(
        ExportCase{"charging_powerwall_has_room", 60, -3000, 0, ChargingState::Stopped, 0, -2000},
        ExportCase{"full_powerwall_exports", 100, 0, -1500, ChargingState::Stopped, 0, 1500},
        // The car's 2400 W counts; the Powerwall's 400 W of discharge under it does not.
        ExportCase{"car_drawing_from_a_full_powerwall", 98, 400, 0, ChargingState::Charging, 10,
                   2000},
        ExportCase{"below_the_mark_without_a_car", 98, 0, -500, ChargingState::Stopped, 0, -4500}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(SmartSunTest, SunsetIsLearnedWithTheSunriseAfterARealNight) {
  PolicyMemory m;
  PowerwallReading day, night;
  day.solar_w = 3000;
  night.solar_w = 0;
  auto step = [&](const PowerwallReading& pw, TimePoint at) {
    PolicyMemory out;
    smart::learn_sun(m, pw, 500, at, out);
    out.decided_at = at;
    m = out;
  };
  step(day, kMidnight + hours{8});
  step(night, kMidnight + hours{11});  // a cloud at 11:00...
  step(day, kMidnight + hours{12});    // ...is neither a sunset nor a sunrise
  EXPECT_FALSE(m.sunset_utc);
  EXPECT_FALSE(m.sunrise_utc);
  step(night, kMidnight + hours{19});
  step(day, kMidnight + hours{30});  // 06:00 the next day, after an 11 h night
  ASSERT_TRUE(m.sunrise_utc && m.sunset_utc);
  EXPECT_EQ(*m.sunrise_utc, hours{6});
  EXPECT_EQ(*m.sunset_utc, hours{19});
  EXPECT_DOUBLE_EQ(smart::night_hours(m), 11);
  // From noon, the last sunset before a 07:00 departure tomorrow is 12 h before it.
  EXPECT_EQ(smart::last_night_before_h(m, kNoon, kMidnight + hours{31}), 12);
  EXPECT_FALSE(smart::last_night_before_h(m, kNoon, kMidnight + hours{16}));
}

}  // namespace
}  // namespace p15
