// A grid outage end to end: today's live_status row says the house is islanded; the service
// (real MariaDB, real process, the fake Fleet API) stops a charging car while the Powerwall is at
// or below the off-grid vehicle charging reserve, and leaves it charging above it
// (service/core/outage.h).
#include <gtest/gtest.h>

#include <sstream>

#include "tests/e2e/fault_matrix.h"
#include "tests/e2e/fixtures.h"

namespace p15::test {
namespace {

// live_status while islanded, merged with site_info: 8 kW of sun, the house at 500 W plus the
// car's 16 A, the Powerwall taking the rest; the legacy rule alone would raise the car to 32 A.
std::string islanded_row(double percent, const std::string& site_info_extra) {
  std::ostringstream j;
  j << R"({"solar_power":8000,"load_power":4340,"grid_power":0,"battery_power":-3660,)"
    << R"("generator_power":0,"percentage_charged":)" << percent
    << R"(,"grid_status":"Inactive","island_status":"off_grid_unintentional",)"
    << R"("storm_mode_active":false,"timestamp":"2026-06-01T12:00:00-07:00",)"
    << R"("backup_reserve_percent":20,"nameplate_energy":13500,)" << site_info_extra
    << R"("default_real_mode":"self_consumption"})";
  return j.str();
}

class OutageE2E : public ServiceE2E {
 protected:
  void charging_car() {
    db_.insert_vehicle(vehicle_json(Car{"online", "Charging", 16, 16, 32, 100}), utc_sql_time(-5));
    fleet_.with_car([](sim::TeslaCar& c) { c.state.charging_state = ChargingState::Charging; });
  }
};

TEST_F(OutageE2E, ChargingCarIsStoppedAtOrBelowTheRowsOffGridReserve) {
  db_.insert_battery(islanded_row(34, R"("off_grid_vehicle_charging_reserve_percent":40,)"),
                     utc_sql_time(-5));
  charging_car();
  start_service();
  auto r = get(root() + "/manage-vehicle");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["action"].as_string(), "stop") << r.body;
  EXPECT_EQ(r.json()["reason"].as_string().rfind(
                "stop charging: grid down (grid_status Inactive): Powerwall 34 % at or below the "
                "off-grid charging reserve 40 %: stop (legacy wanted 32 A, keep: ",
                0),
            0u)
      << r.body;
  EXPECT_EQ(fleet_calls(fleet_.requests()), std::vector<std::string>{"POST charge_stop 200"});
  auto rows = db_.query(
      "SELECT amps, JSON_UNQUOTE(JSON_EXTRACT(features, '$.grid_down')), "
      "JSON_EXTRACT(features, '$.off_grid_reserve_percent') FROM smart_charger_model");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][0].value(), "0");
  EXPECT_EQ(rows[0][1].value(), "grid_status Inactive");
  EXPECT_EQ(rows[0][2].value(), "40");
  record_matrix_row("2-collector-17_grid_down",
                    {"the grid is down (`grid_status` Inactive), the Powerwall at 34 %, its "
                     "off-grid vehicle charging reserve 40 %, the car charging",
                     "`POST charge_stop 200`; the decision recorded with amps 0 and the features "
                     "`grid_down`, `off_grid_reserve_percent`",
                     "`GET /manage-vehicle` 200 `action:stop`, reason " +
                         code("stop charging: grid down (grid_status Inactive): Powerwall 34 % at "
                              "or below the off-grid charging reserve 40 %: stop ...")});
}

// The row has no floor of its own: the setting gives it, and a full Powerwall is above it.
TEST_F(OutageE2E, HighPowerwallAboveTheSettingsReserveKeepsCharging) {
  db_.insert_battery(islanded_row(90, ""), utc_sql_time(-5));
  charging_car();
  start_service("", true, {{"P15_POWERWALL_OFF_GRID_VEHICLE_CHARGING_RESERVE_PERCENT", "40"}});
  auto r = get(root() + "/manage-vehicle");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["action"].as_string(), "set_amps") << r.body;
  EXPECT_EQ(r.json()["amps"].as_integer(), 32);
  EXPECT_EQ(r.json()["reason"].as_string().rfind(
                "set 32 A: grid down (grid_status Inactive): Powerwall 90 % above the off-grid "
                "charging reserve 40 %: available ",
                0),
            0u)
      << r.body;
  EXPECT_EQ(fleet_calls(fleet_.requests()), std::vector<std::string>{"POST set_charging_amps 200"});
}

}  // namespace
}  // namespace p15::test
