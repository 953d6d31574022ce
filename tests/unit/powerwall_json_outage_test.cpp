// battery_model.data's outage fields: grid_status, island_status (live_status) and
// off_grid_vehicle_charging_reserve_percent (site_info), in every shape and in the Fleet API's
// envelope; absent is unknown, a wrong type or an absurd floor is refused naming the field.
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "service/store/powerwall_json.h"

namespace p15 {
namespace {

using Opt = std::optional<std::string>;

const TimePoint kTime{Seconds{1780000000}};

// Today's live_status merged with site_info; `extra` adds fields ("\"k\":v,").
std::string today(const std::string& extra) {
  return "{" + extra +
         R"("solar_power":0,"load_power":900,"grid_power":0,"battery_power":900,)"
         R"("percentage_charged":34,"nameplate_energy":13500,"backup_reserve_percent":20})";
}

std::string legacy(const std::string& extra) {
  return "{" + extra +
         R"("energy_left":4590,"total_pack_energy":13500,"backup":{"backup_reserve_percent":20},)"
         R"("power_reading":[{"solar_power":0,"load_power":900,"grid_power":0,)"
         R"("battery_power":900}]})";
}

struct StatusCase {
  const char* name;
  std::string json;
  Opt grid_status, island_status;
  std::optional<double> off_grid_reserve;
};

class PowerwallOutageFields : public ::testing::TestWithParam<StatusCase> {};

TEST_P(PowerwallOutageFields, AreRead) {
  const auto& c = GetParam();
  auto r = parse_powerwall_json(c.json, 1, kTime);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->grid_status, c.grid_status);
  EXPECT_EQ(r->island_status, c.island_status);
  EXPECT_EQ(r->off_grid_vehicle_charging_reserve_percent, c.off_grid_reserve);
}

const char* const kIsland = R"("grid_status":"Inactive","island_status":"off_grid_unintentional",)"
                            R"("off_grid_vehicle_charging_reserve_percent":40,)";

INSTANTIATE_TEST_SUITE_P(
    Shapes, PowerwallOutageFields,
    ::testing::Values(
        StatusCase{"absent_is_unknown", today(""), std::nullopt, std::nullopt, std::nullopt},
        StatusCase{"null_is_unknown",
                   today(R"("grid_status":null,"island_status":null,)"
                         R"("off_grid_vehicle_charging_reserve_percent":null,)"),
                   std::nullopt, std::nullopt, std::nullopt},
        StatusCase{"on_grid", today(R"("grid_status":"Active","island_status":"on_grid",)"),
                   "Active", "on_grid", std::nullopt},
        StatusCase{"islanded_live_status", today(kIsland), "Inactive", "off_grid_unintentional",
                   40},
        StatusCase{"islanded_in_the_envelope", R"({"response":)" + today(kIsland) + "}", "Inactive",
                   "off_grid_unintentional", 40},
        StatusCase{"islanded_legacy_row", legacy(kIsland), "Inactive", "off_grid_unintentional",
                   40},
        StatusCase{"reserve_bounds", today(R"("off_grid_vehicle_charging_reserve_percent":0,)"),
                   std::nullopt, std::nullopt, 0.0}),
    [](const auto& info) { return std::string(info.param.name); });

struct BadCase {
  const char* name;
  std::string json;
  std::string want;
};

class PowerwallOutageFieldsRefused : public ::testing::TestWithParam<BadCase> {};

TEST_P(PowerwallOutageFieldsRefused, NamingTheField) {
  const auto& c = GetParam();
  auto r = parse_powerwall_json(c.json, 7, kTime);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "battery_model row 7: " + c.want);
}

INSTANTIATE_TEST_SUITE_P(
    Values, PowerwallOutageFieldsRefused,
    ::testing::Values(
        BadCase{"island_status_number", today(R"("island_status":1,)"),
                "field \"island_status\" must be a string, got number"},
        BadCase{"reserve_string", today(R"("off_grid_vehicle_charging_reserve_percent":"40",)"),
                "field \"off_grid_vehicle_charging_reserve_percent\" must be a number, got string"},
        BadCase{"reserve_above_100", today(R"("off_grid_vehicle_charging_reserve_percent":140,)"),
                "field \"off_grid_vehicle_charging_reserve_percent\" must be between 0 and 100, "
                "got 140"},
        BadCase{
            "reserve_negative_in_envelope",
            R"({"response":)" + today(R"("off_grid_vehicle_charging_reserve_percent":-1,)") + "}",
            "field \"response.off_grid_vehicle_charging_reserve_percent\" must be between 0 "
            "and 100, got -1"}),
    [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace p15
