// The owner's page's live view (service/core/home_view.h): the decision in plain words, the
// power flow with the car taken out of the house, staleness and the time to the target.
#include "service/core/home_view.h"

#include <gtest/gtest.h>

namespace p15 {
namespace {

const TimePoint kNow{Seconds{1'780'000'000}};

PowerwallReading powerwall(double soc, double reserve, double battery_w) {
  PowerwallReading pw;
  pw.row_id = 7;
  pw.row_time = kNow - Seconds{5};
  pw.solar_w = 3000;
  pw.load_w = 5000;
  pw.battery_w = battery_w;
  pw.grid_w = 2000 - battery_w;
  pw.percentage_charged = soc;
  pw.backup_reserve_percent = reserve;
  return pw;
}

VehicleReading car(ChargingState state, int amps, double soc = 50) {
  VehicleReading v;
  v.row_id = 9;
  v.row_time = kNow - Seconds{10};
  v.vin = "5YJ3E1EA1KF000001";
  v.state = VehicleState::Online;
  v.charging_state = state;
  v.charger_actual_current = amps;
  v.charger_voltage = 240;
  v.battery_level = soc;
  v.charge_limit_soc = 80;
  return v;
}

Decision decision(int amps, ChargeIntent intent, const std::string& why, double surplus_avg_w,
                  double need_kwh = 10, double spare_wh = 0, const std::string& reason = "r") {
  Decision d;
  d.amps = amps;
  d.intent = intent;
  d.policy = "smart";
  d.reason = reason;
  d.features = {{"mode", std::string("solar")},
                {"why", why},
                {"surplus_avg_w", surplus_avg_w},
                {"need_kwh", need_kwh},
                {"powerwall_spare_wh", spare_wh}};
  return d;
}

struct ExplainCase {
  const char* name;
  Decision decision;
  VehicleReading car;
  std::optional<PowerwallReading> powerwall;
  std::string expected;
};

class Explain : public ::testing::TestWithParam<ExplainCase> {};

TEST_P(Explain, SaysTheDecisionInTheOwnersWords) {
  const ExplainCase& c = GetParam();
  EXPECT_EQ(explain(c.decision, c.car, c.powerwall, SmartSettings{}), c.expected);
}

Decision with_mode(Decision d, const std::string& mode) {
  d.features[0].value = mode;
  return d;
}

// min_amps 5 at 240 V: 1.2 kW is the least surplus that starts the car.
INSTANTIATE_TEST_SUITE_P(
    Cases, Explain,
    ::testing::Values(
        ExplainCase{"Unplugged", decision(0, ChargeIntent::Keep, "no surplus", 0),
                    car(ChargingState::Disconnected, 0), powerwall(60, 20, 0), "not plugged in"},
        ExplainCase{"Complete", decision(0, ChargeIntent::Keep, "no surplus", 0),
                    car(ChargingState::Complete, 0, 80), powerwall(60, 20, 0),
                    "charged: the car is at 80 %"},
        ExplainCase{"Off", with_mode(decision(0, ChargeIntent::Stop, "no surplus", 5000), "off"),
                    car(ChargingState::Stopped, 0), powerwall(60, 20, 0),
                    "off: charging is turned off for this car"},
        ExplainCase{"ChargingFromSurplus", decision(16, ChargeIntent::Keep, "surplus", 4000),
                    car(ChargingState::Charging, 16), powerwall(60, 20, -500),
                    "charging at 16 A (3.8 kW) from surplus solar"},
        ExplainCase{"GoingOnAtTheCheapestGridPrice",
                    decision(32, ChargeIntent::Keep, "cheapest grid price, going on", 0),
                    car(ChargingState::Charging, 32), powerwall(20, 20, 0),
                    "charging at 32 A (7.7 kW) from the grid, going on at the cheapest price "
                    "before the departure"},
        ExplainCase{"HoldingThroughADip", decision(16, ChargeIntent::Keep, "no surplus", 300),
                    car(ChargingState::Charging, 16), powerwall(60, 20, 0),
                    "still charging at 16 A (3.8 kW) while the surplus is short: it stops if "
                    "that lasts"},
        ExplainCase{"WaitingForSurplus", decision(0, ChargeIntent::Keep, "no surplus", 0),
                    car(ChargingState::Stopped, 0), powerwall(60, 20, 0),
                    "waiting for 1.2 kW more surplus"},
        ExplainCase{"WaitingForLessThanAKilowattMore",
                    decision(0, ChargeIntent::Keep, "no surplus", 700),
                    car(ChargingState::Stopped, 0), powerwall(60, 20, 0),
                    "waiting for 0.5 kW more surplus"},
        ExplainCase{"PowerwallAtItsFloor", decision(0, ChargeIntent::Keep, "no surplus", 300),
                    car(ChargingState::Stopped, 0), powerwall(20.5, 20, 0),
                    "holding: the Powerwall is at its floor (21 %, reserve 20 %) and the sun gives "
                    "too little"},
        ExplainCase{"FloorButChargingFromTheBatteryIsNotHolding",
                    decision(0, ChargeIntent::Keep, "no surplus", 300),
                    car(ChargingState::Stopped, 0), powerwall(20.5, 20, -2000),
                    "waiting for 0.9 kW more surplus"},
        ExplainCase{"AtTarget", decision(0, ChargeIntent::Keep, "no surplus", 300, 0),
                    car(ChargingState::Stopped, 0, 80), powerwall(60, 20, 0),
                    "nothing to add: the car is at its target"},
        ExplainCase{"NotSentTailIsKept",
                    decision(16, ChargeIntent::Start, "surplus", 4000, 10, 0,
                             "surplus: start at 16 A; not sent: the car is asleep and the wake "
                             "budget (2/2 this hour) is spent"),
                    car(ChargingState::Stopped, 0), powerwall(60, 20, 0),
                    "starting at 16 A (3.8 kW) from surplus solar; not sent: the car is asleep "
                    "and the wake budget (2/2 this hour) is spent"},
        ExplainCase{"UnknownPolicyFallsBackToItsReason",
                    [] {
                      Decision d;
                      d.reason = "legacy: 7 A";
                      return d;
                    }(),
                    car(ChargingState::Stopped, 0), std::nullopt, "legacy: 7 A"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(HomeView, TakesTheCarOutOfTheHouseAndCountsTheTimeToTheTarget) {
  HomeInputs in;
  in.now = kNow;
  in.powerwall = powerwall(60, 20, 1000);
  in.vehicle = car(ChargingState::Charging, 16, 50);  // 3840 W
  in.last = LastDecision{decision(16, ChargeIntent::Keep, "surplus", 4000), kNow - Seconds{2}, 42};
  const HomeView v = home_view(in, SmartSettings{});
  EXPECT_FALSE(v.stale);
  EXPECT_DOUBLE_EQ(v.flow.car_w, 3840);
  EXPECT_DOUBLE_EQ(v.flow.house_w, 5000 - 3840);
  EXPECT_EQ(v.car.amps, 16);
  EXPECT_TRUE(v.car.plugged_in);
  EXPECT_EQ(v.target_soc, 80);  // the car's limit: no plan, no configured target
  // 30 points of 75 kWh at 90 % efficiency is 25 kWh, at 3.84 kW.
  ASSERT_TRUE(v.time_to_target_s);
  EXPECT_NEAR(*v.time_to_target_s, 25.0 / 3.84 * 3600, 1);
  ASSERT_TRUE(v.decision);
  EXPECT_EQ(v.decision->record_id, 42);
  EXPECT_EQ(v.decision->explanation, "charging at 16 A (3.8 kW) from surplus solar");
}

TEST(HomeView, ClampsTheHouseAtZeroAndFollowsTheStoredTarget) {
  HomeInputs in;
  in.now = kNow;
  in.powerwall = powerwall(60, 20, 0);
  in.powerwall->load_w = 3000;  // the meter lags the car's 3840 W
  in.vehicle = car(ChargingState::Charging, 16, 85);
  in.mode.target_soc = 90;
  in.mode_updated_at = kNow - Seconds{60};
  const HomeView v = home_view(in, SmartSettings{});
  EXPECT_EQ(v.flow.house_w, 0);
  EXPECT_EQ(v.target_soc, 90);
  EXPECT_TRUE(v.mode_updated_at);
  EXPECT_FALSE(v.decision);
}

struct StaleCase {
  const char* name;
  long long powerwall_age_s;  // < 0: no row
  long long vehicle_age_s;
  bool stale;
};

class HomeViewStale : public ::testing::TestWithParam<StaleCase> {};

TEST_P(HomeViewStale, MarksOldOrMissingRows) {
  const StaleCase& c = GetParam();
  HomeInputs in;
  in.now = kNow;
  in.stale_after = Seconds{120};
  if (c.powerwall_age_s >= 0) {
    in.powerwall = powerwall(60, 20, 0);
    in.powerwall->row_time = kNow - Seconds{c.powerwall_age_s};
  }
  if (c.vehicle_age_s >= 0) {
    in.vehicle = car(ChargingState::Stopped, 0);
    in.vehicle->row_time = kNow - Seconds{c.vehicle_age_s};
  }
  const HomeView v = home_view(in, SmartSettings{});
  EXPECT_EQ(v.stale, c.stale);
  EXPECT_EQ(v.has_powerwall, c.powerwall_age_s >= 0);
  EXPECT_EQ(v.has_vehicle, c.vehicle_age_s >= 0);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, HomeViewStale,
    ::testing::Values(StaleCase{"Fresh", 5, 10, false}, StaleCase{"AtTheLimit", 120, 120, false},
                      StaleCase{"OldPowerwall", 121, 10, true}, StaleCase{"OldCar", 5, 600, true},
                      StaleCase{"NoPowerwall", -1, 10, true}, StaleCase{"NoRows", -1, -1, true}),
    [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace p15
