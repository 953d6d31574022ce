// smart: what each charge mode does with one poll, table-driven, and the Powerwall floor.
#include <gtest/gtest.h>

#include <optional>
#include <vector>

#include "service/core/policy.h"
#include "service/core/smart_battery.h"
#include "service/core/smart_policy.h"

namespace p15 {
namespace {

using CS = ChargingState;
using CI = ChargeIntent;
using CM = ChargeMode;

const TimePoint kNoon{std::chrono::hours{400000} + std::chrono::hours{12}};

struct ModeCase {
  const char* name;
  CM mode;
  CS state;
  int request_a;    // the car's request (and draw while charging)
  double grid_w;    // Tesla sign: < 0 exporting
  double spare_wh;  // Powerwall energy above reserve + margin
  std::optional<int> departure_in_h;
  int want_amps;
  CI want_intent;
};

Snapshot snapshot_of(const ModeCase& c) {
  Snapshot s;
  s.now = kNoon;
  s.plan.mode = c.mode;
  s.plan.target_soc = 80;
  if (c.departure_in_h) s.plan.departure = kNoon + std::chrono::hours{*c.departure_in_h};
  s.vehicle.charging_state = c.state;
  const bool charging = c.state == CS::Charging;
  s.vehicle.charger_actual_current = charging ? c.request_a : 0;
  s.vehicle.charge_current_request = c.request_a;
  s.vehicle.charger_voltage = 240;
  s.vehicle.charge_current_request_max = 32;
  s.vehicle.battery_level = 20;  // 40 % short of 80 %: 33 kWh from the wall
  s.vehicle.charge_limit_soc = 80;
  // The house draws 500 W. Exporting: solar covers the load and the export. Otherwise it is
  // night and the Powerwall covers what the grid does not.
  s.powerwall.load_w = 500 + s.vehicle.charger_actual_current * 240.0;
  s.powerwall.grid_w = c.grid_w;
  if (c.grid_w < 0) {
    s.powerwall.solar_w = s.powerwall.load_w - c.grid_w;
  } else {
    s.powerwall.battery_w = std::max(0.0, s.powerwall.load_w - c.grid_w);
  }
  s.powerwall.total_pack_energy_wh = 13500;
  s.powerwall.backup_reserve_percent = 20;
  // The house's 500 W for the 12 h assumed until sunrise, plus the 1 kWh margin, are kept.
  s.powerwall.energy_left_wh = 2700 + 1000 + 500 * 12 * 1.054 + c.spare_wh;
  return s;
}

class SmartModes : public ::testing::TestWithParam<ModeCase> {};

TEST_P(SmartModes, OnePoll) {
  const ModeCase& c = GetParam();
  SmartSettings st;
  st.mode = CM::Solar;  // the snapshot's mode overrides it
  const Decision d = SmartPolicy(st).decide(snapshot_of(c));
  EXPECT_EQ(d.amps, c.want_amps) << d.reason;
  EXPECT_EQ(d.intent, c.want_intent) << d.reason;
}

// Stopped cars start at once only for wishes that are not noisy (fast, a planned grid hour,
// solar+min's floor); surplus and spare Powerwall energy wait for the start delay (Keep, amps).
INSTANTIATE_TEST_SUITE_P(
    Modes, SmartModes,
    ::testing::Values(
        ModeCase{"off_stops_a_charging_car", CM::Off, CS::Charging, 10, -5000, 0, {}, 0, CI::Stop},
        ModeCase{"off_never_starts", CM::Off, CS::Stopped, 10, -5000, 5000, 2, 0, CI::Keep},
        ModeCase{"solar_waits_without_surplus", CM::Solar, CS::Stopped, 10, 0, 0, {}, 0, CI::Keep},
        ModeCase{"solar_sees_surplus", CM::Solar, CS::Stopped, 10, -2400, 0, {}, 10, CI::Keep},
        ModeCase{
            "solar_sees_spare_powerwall", CM::Solar, CS::Stopped, 10, 0, 5000, {}, 18, CI::Keep},
        ModeCase{"solar_ignores_less_than_a_kwh_spare",
                 CM::Solar,
                 CS::Stopped,
                 10,
                 0,
                 900,
                 {},
                 0,
                 CI::Keep},
        ModeCase{"solar_with_departure_buys_in_time", CM::Solar, CS::Stopped, 10, 0, 0, 4, 32,
                 CI::Start},
        ModeCase{
            "solar_min_starts_at_minimum", CM::SolarMin, CS::Stopped, 10, 0, 0, {}, 5, CI::Start},
        ModeCase{"solar_min_never_stops", CM::SolarMin, CS::Charging, 5, 1200, 0, {}, 5, CI::Keep},
        ModeCase{"fast_starts_at_maximum", CM::Fast, CS::Stopped, 10, 0, 0, {}, 32, CI::Start},
        ModeCase{
            "fast_raises_a_charging_car", CM::Fast, CS::Charging, 10, 2400, 0, {}, 32, CI::Keep},
        ModeCase{
            "plan_without_departure_is_solar", CM::Plan, CS::Stopped, 10, 0, 0, {}, 0, CI::Keep},
        ModeCase{"plan_waits_for_later_hours", CM::Plan, CS::Stopped, 10, 0, 0, 20, 0, CI::Keep},
        ModeCase{"plan_starts_when_time_runs_out", CM::Plan, CS::Stopped, 10, 0, 0, 5, 32,
                 CI::Start},
        ModeCase{"nothing_for_a_complete_car", CM::Fast, CS::Complete, 10, 0, 0, {}, 0, CI::Keep},
        ModeCase{"nothing_for_a_disconnected_car",
                 CM::Fast,
                 CS::Disconnected,
                 10,
                 0,
                 0,
                 {},
                 0,
                 CI::Keep}),
    [](const auto& info) { return std::string(info.param.name); });

// The Powerwall's floor: spare energy is what is above reserve + margin + the house's need, and
// the car never gets any once the Powerwall is at or below that floor.
struct FloorCase {
  const char* name;
  double energy_left_wh;
  double house_hours;
  double want_spare_wh;
};

class SmartFloor : public ::testing::TestWithParam<FloorCase> {};

TEST_P(SmartFloor, SpareEnergy) {
  const FloorCase& c = GetParam();
  PowerwallReading pw;
  pw.total_pack_energy_wh = 13500;
  pw.backup_reserve_percent = 20;  // 2700 Wh
  pw.energy_left_wh = c.energy_left_wh;
  PolicyMemory learned;
  learned.night_load_w = 500;
  EXPECT_NEAR(smart::battery_allowance_wh(pw, learned, 800, c.house_hours, SmartSettings{}),
              c.want_spare_wh, 0.5);
}

INSTANTIATE_TEST_SUITE_P(Floor, SmartFloor,
                         ::testing::Values(FloorCase{"at_reserve", 2700, 0, -1000},
                                           FloorCase{"at_reserve_plus_margin", 3700, 0, 0},
                                           FloorCase{"above_the_floor", 8700, 0, 5000},
                                           FloorCase{"house_night_kept", 8700, 4,
                                                     5000 - 500 * 4 * 1.054},
                                           FloorCase{"below_reserve", 2000, 0, -1700}),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(SmartFloor, CarNeverStartsOnThePowerwallAtTheFloor) {
  ModeCase c{"", CM::Solar, CS::Stopped, 10, 0, 0, {}, 0, CI::Keep};
  for (double spare : {-3000.0, -500.0, 0.0, 999.0}) {
    c.spare_wh = spare;
    const Decision d = SmartPolicy().decide(snapshot_of(c));
    EXPECT_EQ(d.amps, 0) << spare << ": " << d.reason;
    EXPECT_EQ(d.intent, CI::Keep) << spare;
  }
}

TEST(SmartFloor, ChargingCarWindsDownAtTheFloor) {
  ModeCase c{"", CM::Solar, CS::Charging, 18, 0, -10, {}, 5, CI::Keep};
  const Decision d = SmartPolicy().decide(snapshot_of(c));
  EXPECT_EQ(d.amps, 5) << d.reason;  // holds the minimum for the stop delay, then stops
}

TEST(SmartRegistry, MadeByName) {
  PolicySettings settings;
  settings.min_amps = 7;
  auto p = make_policy("smart", settings);
  ASSERT_TRUE(p);
  EXPECT_EQ((*p)->name(), "smart");
  EXPECT_EQ(charge_mode_from_string("solar+min"), CM::SolarMin);
  EXPECT_EQ(to_string(CM::Plan), "plan");
  EXPECT_FALSE(charge_mode_from_string("eco").has_value());
}

}  // namespace
}  // namespace p15
