// The Powerwall model under the energy site's settings: Time-Based Control before, in and after
// the peak, battery export, a raised reserve with and without grid charging, export "never",
// and the number of settings requests a change costs.
#include <gtest/gtest.h>

#include <cmath>

#include "sim/home_model.h"

namespace p15::sim {
namespace {

const double kOneWay = std::sqrt(0.9);

// A TOU day: off-peak $0.46, peak $0.49; export $0.08, or $1.00 on a high-value evening.
GridHour off_peak_morning() { return grid_hour(0.46, 0.08, 0.46, 0.49, true); }
GridHour peak() { return grid_hour(0.49, 0.08, 0.46, 0.49, false); }
GridHour peak_high_export() { return grid_hour(0.49, 1.00, 0.46, 0.49, false); }
GridHour off_peak_night() { return grid_hour(0.46, 0.08, 0.46, 0.49, false); }
GridHour flat_hour() { return grid_hour(0.23, 0.06, 0.23, 0.23, true); }

PowerwallSettings tbc(ExportRule rule = ExportRule::BatteryOk) {
  return {OperationMode::TimeBasedControl, 20, false, rule};
}
PowerwallSettings self(double reserve = 20, bool grid = false) {
  return {OperationMode::SelfPowered, reserve, grid, ExportRule::PvOnly};
}

struct ModeCase {
  const char* name;
  PowerwallSettings settings;
  GridHour hour;
  double energy_wh, solar_w, house_w;
  double want_battery_w, want_grid_w, want_energy_wh;
};

class PowerwallModes : public ::testing::TestWithParam<ModeCase> {};

TEST_P(PowerwallModes, OneHour) {
  const auto& c = GetParam();
  const PowerwallParams p;
  PowerwallState s{c.energy_wh};
  const HomeFlows f = step_home(p, c.settings, c.hour, s, c.solar_w, c.house_w, 0, 3600);
  EXPECT_NEAR(f.battery_w, c.want_battery_w, 1e-6);
  EXPECT_NEAR(f.grid_w, c.want_grid_w, 1e-6);
  EXPECT_NEAR(s.energy_left_wh, c.want_energy_wh, 1e-6);
  EXPECT_NEAR(f.load_w, f.solar_w + f.grid_w + f.battery_w + f.generator_w, 1e-9);
}

INSTANTIATE_TEST_SUITE_P(
    Settings, PowerwallModes,
    ::testing::Values(
        // Before the peak TBC keeps tbc_peak_hold_wh (7.5 kWh) and discharges only above it.
        ModeCase{"tbc_before_peak_discharges_above_hold", tbc(), off_peak_morning(), 9000, 0, 2000,
                 1500 * kOneWay, 2000 - 1500 * kOneWay, 7500},
        ModeCase{"tbc_before_peak_holds_at_hold", tbc(), off_peak_morning(), 7000, 0, 2000, 0, 2000,
                 7000},
        ModeCase{"tbc_before_peak_charges_from_solar", tbc(), off_peak_morning(), 7000, 3000, 1000,
                 -2000, 0, 7000 + 2000 * kOneWay},
        ModeCase{"tbc_peak_covers_house", tbc(), peak(), 7000, 0, 2000, 2000, 0,
                 7000 - 2000 / kOneWay},
        ModeCase{"tbc_peak_high_export_empties_at_full_power", tbc(), peak_high_export(), 10000, 0,
                 1000, 5000, -4000, 10000 - 5000 / kOneWay},
        ModeCase{"tbc_high_export_without_battery_ok_covers_house_only", tbc(ExportRule::PvOnly),
                 peak_high_export(), 10000, 0, 1000, 1000, 0, 10000 - 1000 / kOneWay},
        ModeCase{"tbc_after_peak_is_self_powered", tbc(), off_peak_night(), 5000, 0, 1000, 1000, 0,
                 5000 - 1000 / kOneWay},
        ModeCase{"tbc_on_flat_tariff_is_self_powered", tbc(), flat_hour(), 5000, 0, 1000, 1000, 0,
                 5000 - 1000 / kOneWay},
        // A reserve raised to the level holds the battery: the house imports, solar still charges.
        ModeCase{"raised_reserve_holds", self(60), peak(), 8100, 0, 2000, 0, 2000, 8100},
        ModeCase{"raised_reserve_without_grid_charging_only_from_solar", self(80), peak(), 8100, 0,
                 1000, 0, 1000, 8100},
        // With grid charging allowed it charges slowly (2.5 kW) from the grid up to the reserve.
        ModeCase{"raised_reserve_with_grid_charging_charges", self(80, true), off_peak_night(),
                 8100, 0, 1000, -2500, 3500, 8100 + 2500 * kOneWay},
        ModeCase{"grid_charge_stops_at_the_reserve", self(62, true), off_peak_night(), 8100, 0,
                 1000, -270 / kOneWay, 1000 + 270 / kOneWay, 8370},
        ModeCase{"export_never_curtails_solar",
                 {OperationMode::SelfPowered, 20, false, ExportRule::Never},
                 peak(),
                 13500,
                 4000,
                 1000,
                 0,
                 0,
                 13500}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(PowerwallModes, OwnerSettingsAreSelfPoweredWithTheParamsReserve) {
  PowerwallParams p;
  p.backup_reserve_percent = 35;
  const PowerwallSettings s = owner_settings(p);
  EXPECT_EQ(s.mode, OperationMode::SelfPowered);
  EXPECT_DOUBLE_EQ(s.reserve_percent, 35);
  EXPECT_FALSE(s.grid_charging);
  EXPECT_EQ(s.export_rule, ExportRule::PvOnly);
}

TEST(PowerwallModes, ThePeakIsTheDaysHighestPriceOnAVaryingDay) {
  EXPECT_TRUE(peak().peak);
  EXPECT_FALSE(off_peak_morning().peak);
  EXPECT_TRUE(off_peak_morning().before_peak);
  EXPECT_FALSE(off_peak_night().before_peak);
  EXPECT_FALSE(flat_hour().day_varies);
  EXPECT_FALSE(flat_hour().peak);
  EXPECT_FALSE(flat_hour().before_peak);
}

struct RequestsCase {
  const char* name;
  SiteSettings from, to;
  int want;
};

class SettingsRequests : public ::testing::TestWithParam<RequestsCase> {};

TEST_P(SettingsRequests, OnePerEndpoint) {
  EXPECT_EQ(settings_requests(GetParam().from, GetParam().to), GetParam().want);
}

INSTANTIATE_TEST_SUITE_P(Endpoints, SettingsRequests,
                         ::testing::Values(RequestsCase{"same", self(), self(), 0},
                                           RequestsCase{"reserve_rounding_to_the_same_percent",
                                                        self(20.2), self(19.8), 0},
                                           RequestsCase{"reserve", self(20), self(60), 1},
                                           RequestsCase{"reserve_and_grid_charging", self(20),
                                                        self(80, true), 2},
                                           RequestsCase{"mode_and_export_rule", self(), tbc(), 2}),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace p15::sim
