// The simulator's collector rows, read back by the service's own parsers.
#include <cpprest/json.h>
#include <gtest/gtest.h>

#include "service/config/time_zones.h"
#include "service/store/powerwall_json.h"
#include "service/store/vehicle_json.h"
#include "sim/collector_json.h"

namespace p15::sim {
namespace {

namespace chr = std::chrono;

const TimePoint kAt = TimePoint{chr::sys_days{chr::year{2016} / 6 / 1}.time_since_epoch()} +
                      chr::hours{19};  // 12:00 PDT

class PowerwallShapes : public ::testing::TestWithParam<PowerwallShape> {};

TEST_P(PowerwallShapes, ServiceParsesWhatTheSimWrites) {
  const PowerwallParams p;
  const PowerwallState s{9211.5};
  const HomeFlows f{5700, 850, -1200, -3650, 0};
  const std::string json = powerwall_json(GetParam(), p, s, f, us_pacific_zone(), kAt);
  const auto r = parse_powerwall_json(json, 7, kAt);
  ASSERT_TRUE(r.ok()) << r.error().message << "\n" << json;
  EXPECT_EQ(r->shape, GetParam());
  EXPECT_DOUBLE_EQ(r->solar_w, 5700);
  EXPECT_DOUBLE_EQ(r->load_w, 850);
  EXPECT_DOUBLE_EQ(r->battery_w, -1200);
  EXPECT_DOUBLE_EQ(r->grid_w, -3650);
  // Today's rows carry only the percentage: the energy is percentage x nameplate_energy.
  EXPECT_NEAR(r->energy_left_wh, 9211.5, 1e-6);
  EXPECT_DOUBLE_EQ(r->total_pack_energy_wh, 13500);
  EXPECT_DOUBLE_EQ(r->backup_reserve_percent, 20);
  EXPECT_EQ(r->grid_status, "Active");
  EXPECT_NE(json.find("2016-06-01T12:00:00-07:00"), std::string::npos) << json;
}

INSTANTIATE_TEST_SUITE_P(All, PowerwallShapes,
                         ::testing::Values(PowerwallShape::LiveStatus, PowerwallShape::Current,
                                           PowerwallShape::Legacy));

// What today's live_status + site_info holds, and what Tesla no longer sends (domain.md 3).
TEST(PowerwallJson, LiveStatusHasNoEnergyLeftButSiteInfosFields) {
  PowerwallParams p;
  p.off_grid_vehicle_charging_reserve_percent = 35;
  const auto v = web::json::value::parse(powerwall_json(
      PowerwallShape::LiveStatus, p, PowerwallState{6750}, HomeFlows{}, us_pacific_zone(), kAt));
  EXPECT_FALSE(v.has_field("energy_left"));
  EXPECT_FALSE(v.has_field("total_pack_energy"));
  EXPECT_DOUBLE_EQ(v.at("percentage_charged").as_double(), 50);
  EXPECT_DOUBLE_EQ(v.at("nameplate_energy").as_double(), 13500);
  EXPECT_EQ(v.at("island_status").as_string(), "on_grid");
  EXPECT_DOUBLE_EQ(v.at("off_grid_vehicle_charging_reserve_percent").as_double(), 35);
  const auto r = parse_powerwall_json(v.serialize(), 7, kAt);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->off_grid_vehicle_charging_reserve_percent, 35);
  EXPECT_EQ(r->island_status, "on_grid");
}

TEST(VehicleJson, ServiceParsesWhatTheSimWrites) {
  const CarParams p;
  CarState s;
  s.charging_state = ChargingState::Charging;
  s.battery_level = 61.6;
  s.charger_actual_current = 15.6;
  s.charge_current_request = 16;
  s.charge_energy_added_kwh = 4.567;
  const std::string json = vehicle_json(p, s, "VIN1", kAt);
  const auto r = parse_vehicle_json(json, 3, kAt);
  ASSERT_TRUE(r.ok()) << r.error().message << "\n" << json;
  EXPECT_EQ(r->state, VehicleState::Online);
  EXPECT_EQ(r->vin, "VIN1");
  EXPECT_EQ(r->charging_state, ChargingState::Charging);
  EXPECT_EQ(r->charger_actual_current, 16);
  EXPECT_EQ(r->charge_current_request, 16);
  EXPECT_EQ(r->charge_current_request_max, 32);
  EXPECT_EQ(r->charger_voltage, 240);
  EXPECT_DOUBLE_EQ(r->battery_level, 62);
  EXPECT_DOUBLE_EQ(r->battery_range_mi, 184.8);
  EXPECT_DOUBLE_EQ(r->charge_energy_added_kwh, 4.57);
  EXPECT_NE(json.find("1464807600000"), std::string::npos) << json;  // simulated ms
}

TEST(VehicleJson, AsleepAndUnplugged) {
  const CarParams p;
  CarState s;
  s.charging_state = ChargingState::Disconnected;
  s.presence = Presence::Asleep;
  const auto r = parse_vehicle_json(vehicle_json(p, s, "VIN1", kAt), 3, kAt);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->state, VehicleState::Asleep);
  EXPECT_EQ(r->charging_state, ChargingState::Disconnected);
  EXPECT_EQ(r->charger_voltage, 0);
}

}  // namespace
}  // namespace p15::sim
