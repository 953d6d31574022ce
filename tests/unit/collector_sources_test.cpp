// What the collector makes of each source's answer (Tesla's shapes from domain.md 3, 4 and 6a;
// the gateway's scale from pypowerwall; the Wall Connector's vitals as evcc's twc3 reads them),
// and the rows it writes, read back by the service's own parsers.
#include <gtest/gtest.h>

#include "collector/fleet_sources.h"
#include "collector/gateway_client.h"
#include "collector/row_json.h"
#include "collector/wall_connector_client.h"
#include "service/store/powerwall_json.h"
#include "service/store/vehicle_json.h"

namespace p15::collector {
namespace {

const TimePoint t0 = TimePoint{} + Seconds{1'800'000'000};

struct ScaleCase {
  double soe, want;
};
class GatewayScale : public ::testing::TestWithParam<ScaleCase> {};
TEST_P(GatewayScale, AppPercentIsSoeLessFiveOver095) {
  EXPECT_NEAR(app_percent_from_gateway(GetParam().soe), GetParam().want, 1e-9);
}
INSTANTIATE_TEST_SUITE_P(Cases, GatewayScale,
                         ::testing::Values(ScaleCase{5, 0}, ScaleCase{100, 100},
                                           ScaleCase{52.5, 50}, ScaleCase{24, 20}, ScaleCase{2, 0},
                                           ScaleCase{101, 100}));

TEST(WallConnectorVitals, ReadsTheFiveFieldsAndNamesAMissingOne) {
  auto v = parse_vitals(
      R"({"contactor_closed":true,"vehicle_connected":true,"session_s":1200,"grid_v":241.3,)"
      R"("grid_hz":59.98,"vehicle_current_a":15.9,"currentA_a":15.9,"evse_state":11})",
      t0);
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_TRUE(v->contactor_closed);
  EXPECT_DOUBLE_EQ(v->vehicle_current_a, 15.9);
  EXPECT_EQ(v->session_s, 1200);
  auto bad = parse_vitals(
      R"({"contactor_closed":true,"session_s":1,"grid_v":1,"vehicle_current_a":1})", t0);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("vehicle_connected"), std::string::npos);
  EXPECT_FALSE(parse_vitals("<html>", t0));
}

TEST(FleetAnswers, LiveStatusSiteInfoAndProducts) {
  auto live = parse_live_status(
      R"({"solar_power":5700,"percentage_charged":70.3,"battery_power":-1200,"load_power":850,)"
      R"("grid_status":"Active","grid_power":-3650,"generator_power":0,"island_status":"on_grid",)"
      R"("storm_mode_active":false,"timestamp":"2023-05-01T12:00:00-07:00"})",
      t0);
  ASSERT_TRUE(live) << live.error().message;
  EXPECT_DOUBLE_EQ(live->grid_w, -3650);
  EXPECT_DOUBLE_EQ(live->percentage_charged, 70.3);
  auto no_load = parse_live_status(
      R"({"solar_power":1,"percentage_charged":1,"battery_power":1,"grid_power":1})", t0);
  ASSERT_FALSE(no_load);
  EXPECT_NE(no_load.error().message.find("load_power"), std::string::npos);
  auto site = parse_site_info(
      R"({"backup_reserve_percent":20,"default_real_mode":"autonomous","nameplate_energy":13500})",
      t0);
  ASSERT_TRUE(site) << site.error().message;
  EXPECT_EQ(site->default_real_mode, "autonomous");
  EXPECT_EQ(site->nameplate_energy_wh.value_or(0), 13500);
  auto id = energy_site_from_products(
      R"([{"vin":"5YJ3","state":"asleep"},{"energy_site_id":1689463532,"resource_type":"battery"}])");
  ASSERT_TRUE(id) << id.error().message;
  EXPECT_EQ(*id, "1689463532");
  EXPECT_FALSE(energy_site_from_products(R"([{"vin":"5YJ3"}])"));
}

TEST(CollectorRows, TheServiceReadsTheBatteryRowWithItsAge) {
  PowerwallLive live{5700, 2500, -1200, -2000, 0, 70.3, "Active", "on_grid", false, t0};
  SiteInfo site;
  site.backup_reserve_percent = 20;
  site.nameplate_energy_wh = 13500;
  const TimePoint written = t0 + Seconds{7};
  auto r = parse_powerwall_json(battery_row_json(live, site, written), 1, written);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_DOUBLE_EQ(r->grid_w, -2000);
  ASSERT_TRUE(r->reading_time);
  EXPECT_EQ(*r->reading_time, t0);
}

TEST(CollectorRows, AnAsleepCarKeepsItsLastChargeStateAndItsAge) {
  VehicleRow row;
  row.vin = "5YJ3E1EA1KF000001";
  row.state = VehicleState::Asleep;
  row.charge_state = ChargeStateRead{
      R"({"charging_state":"Stopped","battery_level":61,"charge_limit_soc":90,)"
      R"("charge_current_request":16,"charge_current_request_max":32,"charger_actual_current":0,)"
      R"("charger_voltage":2,"charger_phases":1,"charger_power":0,"battery_range":180.5,)"
      R"("minutes_to_full_charge":0,"charge_energy_added":3.2,"timestamp":1800000000000})",
      ChargingState::Stopped, t0};
  row.wall_connector = WallConnectorRead{t0 + Seconds{50}, true, false, 0, 241, 600};
  const TimePoint written = t0 + Seconds{60};
  auto r = parse_vehicle_json(vehicle_row_json(row, written), 2, written);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->state, VehicleState::Asleep);
  ASSERT_TRUE(r->charge_state_time);
  EXPECT_EQ(*r->charge_state_time, t0);
  ASSERT_TRUE(r->wall_connector);
  EXPECT_EQ(r->wall_connector->read_at, t0 + Seconds{50});
  EXPECT_TRUE(r->wall_connector->vehicle_connected);
}

}  // namespace
}  // namespace p15::collector
