// The smart policy's settings, the tariff and the cost ledger's settings from config: every key
// reaches the struct the core uses, tariff files are read, and the defaults are the core's own.
#include <gtest/gtest.h>

#include "service/config/config.h"
#include "service/core/smart_policy.h"
#include "tests/unit/config_files_fixture.h"

namespace p15 {
namespace {

namespace chr = std::chrono;

// 2025-07-01 12:00 PDT = 19:00 UTC, a Tuesday.
const TimePoint kNoonPdt{chr::sys_days{chr::year{2025} / chr::July / 1}.time_since_epoch() +
                         chr::hours{19}};

class ConfigTariff : public ConfigFiles {};

TEST(ConfigSmart, DefaultsAreTheCoresOwn) {
  const Config c = load_config_text("", "t.yml", {}).value();
  const SmartSettings want;
  const SmartSettings got = policy_settings(c).smart;
  EXPECT_EQ(got.mode, want.mode);
  EXPECT_EQ(got.min_amps, want.min_amps);
  EXPECT_EQ(got.start_delay, want.start_delay);
  EXPECT_EQ(got.stop_delay, want.stop_delay);
  EXPECT_EQ(got.min_amps_change, want.min_amps_change);
  EXPECT_EQ(got.min_change_interval, want.min_change_interval);
  EXPECT_EQ(got.smoothing, want.smoothing);
  EXPECT_EQ(got.floor_margin_wh, want.floor_margin_wh);
  EXPECT_EQ(got.powerwall_max_discharge_w, want.powerwall_max_discharge_w);
  EXPECT_EQ(got.car_battery_kwh, want.car_battery_kwh);
  EXPECT_EQ(got.charger_efficiency, want.charger_efficiency);
  EXPECT_EQ(got.target_soc, want.target_soc);
  EXPECT_EQ(got.departure_local, want.departure_local);
  EXPECT_EQ(got.tariff.name, "flat");
  EXPECT_DOUBLE_EQ(import_price_at(got.tariff, kNoonPdt), kSeedImportPerKwh);
  EXPECT_DOUBLE_EQ(export_price_at(got.tariff, kNoonPdt), kSeedExportPerKwh);
  const LedgerSettings ledger = ledger_settings(c);
  EXPECT_EQ(ledger.max_gap, Seconds{300});
  EXPECT_DOUBLE_EQ(ledger.powerwall_round_trip_efficiency, 0.90);
}

TEST(ConfigSmart, EveryKeyReachesThePolicy) {
  auto c = load_config_text(
      "policy:\n  name: smart\n  min_amps: 6\n"
      "smart:\n  mode: plan\n  start_delay_s: 60\n  stop_delay_s: 300\n  min_amps_change: 2\n"
      "  min_change_interval_s: 600\n  smoothing_s: 0\n  floor_margin_wh: 1500.5\n"
      "  powerwall_max_discharge_w: 11500\n  car_battery_kwh: 82\n  charger_efficiency: 0.88\n"
      "  target_soc: 85\n  departure: \"07:30\"\n",
      "t.yml", {});
  ASSERT_TRUE(c.ok()) << c.error().message;
  auto policy = make_policy(c->policy.name, policy_settings(*c));
  ASSERT_TRUE(policy.ok()) << policy.error().message;
  const auto* guarded = dynamic_cast<const OutageGuard*>(policy->get());
  ASSERT_NE(guarded, nullptr);
  const auto* smart = dynamic_cast<const SmartPolicy*>(&guarded->inner());
  ASSERT_NE(smart, nullptr);
  const SmartSettings& s = smart->settings();
  EXPECT_EQ(s.mode, ChargeMode::Plan);
  EXPECT_EQ(s.min_amps, 6);
  EXPECT_EQ(s.start_delay, Seconds{60});
  EXPECT_EQ(s.stop_delay, Seconds{300});
  EXPECT_EQ(s.min_amps_change, 2);
  EXPECT_EQ(s.min_change_interval, Seconds{600});
  EXPECT_EQ(s.smoothing, Seconds{0});
  EXPECT_DOUBLE_EQ(s.floor_margin_wh, 1500.5);
  EXPECT_DOUBLE_EQ(s.powerwall_max_discharge_w, 11500);
  EXPECT_DOUBLE_EQ(s.car_battery_kwh, 82);
  EXPECT_DOUBLE_EQ(s.charger_efficiency, 0.88);
  EXPECT_DOUBLE_EQ(s.target_soc, 85);
  EXPECT_EQ(s.departure_local, chr::hours{7} + chr::minutes{30});
}

TEST(ConfigSmart, EnvironmentOverridesNumbers) {
  auto c = load_config_text("smart:\n  charger_efficiency: 0.9\n", "t.yml",
                            {{"P15_SMART_CHARGER_EFFICIENCY", "0.85"},
                             {"P15_SMART_MODE", "solar+min"},
                             {"P15_SMART_DEPARTURE", "06:05"},
                             {"P15_SAVINGS_MAX_GAP_S", "120"}});
  ASSERT_TRUE(c.ok()) << c.error().message;
  const SmartSettings s = policy_settings(*c).smart;
  EXPECT_DOUBLE_EQ(s.charger_efficiency, 0.85);
  EXPECT_EQ(s.mode, ChargeMode::SolarMin);
  EXPECT_EQ(s.departure_local, chr::hours{6} + chr::minutes{5});
  EXPECT_EQ(ledger_settings(*c).max_gap, Seconds{120});
}

TEST(ConfigSmart, ModeNamesAreThePolicysOwn) {
  for (const auto& name : charge_mode_names()) {
    auto mode = charge_mode_from_string(name);
    ASSERT_TRUE(mode.has_value()) << name;
    EXPECT_EQ(to_string(*mode), name);
  }
  EXPECT_EQ(charge_mode_names().size(), 5u);
}

TEST(ConfigSmart, DescribeShowsNumbersAsWritten) {
  auto c = load_config_text("tariff:\n  import_per_kwh: 0.31\n", "t.yml", {});
  ASSERT_TRUE(c.ok()) << c.error().message;
  const std::string text = describe(*c);
  EXPECT_NE(text.find("tariff.import_per_kwh: 0.31\n"), std::string::npos) << text;
  EXPECT_NE(text.find("tariff.export_per_kwh: 0.062\n"), std::string::npos) << text;
  EXPECT_NE(text.find("smart.departure: \"\"\n"), std::string::npos) << text;
}

TEST(ConfigTariffFlat, PricesAndZoneFromKeys) {
  auto c = load_config_text(
      "tariff:\n  name: flat\n  import_per_kwh: 0.35\n  export_per_kwh: 0.08\n"
      "  zone: europe-berlin\nsavings:\n  powerwall_round_trip_efficiency: 0.85\n",
      "t.yml", {});
  ASSERT_TRUE(c.ok()) << c.error().message;
  const LedgerSettings s = ledger_settings(*c);
  EXPECT_EQ(s.tariff.name, "flat");
  EXPECT_DOUBLE_EQ(import_price_at(s.tariff, kNoonPdt), 0.35);
  EXPECT_DOUBLE_EQ(export_price_at(s.tariff, kNoonPdt), 0.08);
  EXPECT_EQ(s.tariff.import_price.zone.name, "Europe/Berlin");
  EXPECT_DOUBLE_EQ(s.powerwall_round_trip_efficiency, 0.85);
  EXPECT_EQ(policy_settings(*c).smart.tariff.import_price.zone.name, "Europe/Berlin");
}

TEST_F(ConfigTariff, TouNbtReadsTheExportFile) {
  const std::string nbt =
      write("nbt.json", R"([{"start": "2025-07-01T19:00:00Z", "end": "2025-07-01T20:00:00Z",
                       "price": 0.0123}])");
  auto c =
      load_config_text("tariff:\n  name: tou-nbt\n  nbt_export_file: " + nbt + "\n", "t.yml", {});
  ASSERT_TRUE(c.ok()) << c.error().message;
  const Tariff& t = c->tariff.loaded;
  EXPECT_EQ(t.name, "tou-nbt");
  EXPECT_DOUBLE_EQ(export_price_at(t, kNoonPdt), 0.0123);
  EXPECT_DOUBLE_EQ(import_price_at(t, kNoonPdt), 0.50);  // summer off-peak (tariff.h)
  EXPECT_DOUBLE_EQ(import_price_at(t, kNoonPdt + chr::hours{5}), 0.60);  // 17:00 peak
}

TEST_F(ConfigTariff, TouNbtFileFromTheEnvironment) {
  const std::string nbt =
      write("nbt.yml", "prices:\n  - {start: \"2025-07-01T19:00:00Z\", price: 0.02}\n");
  auto c = load_config_text("", "t.yml",
                            {{"P15_TARIFF_NAME", "tou-nbt"}, {"P15_TARIFF_NBT_EXPORT_FILE", nbt}});
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_DOUBLE_EQ(export_price_at(c->tariff.loaded, kNoonPdt), 0.02);
}

TEST_F(ConfigTariff, TariffFileIsReadWithItsZone) {
  const std::string file = write("night-rate.yml",
                                 "zone: australia-sydney\nimport: {hourly: [0.1, 0.1, 0.1, 0.1, "
                                 "0.1, 0.1, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, "
                                 "0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.1, 0.1]}\nexport: 0.05\n");
  auto c = load_config_text("tariff:\n  name: file\n  file: " + file + "\n", "t.yml", {});
  ASSERT_TRUE(c.ok()) << c.error().message;
  const Tariff& t = c->tariff.loaded;
  EXPECT_EQ(t.name, "night-rate");
  EXPECT_EQ(t.import_price.zone.name, "Australia/Sydney");
  // 19:00 UTC = 05:00 AEST (1 July, winter): the night rate.
  EXPECT_DOUBLE_EQ(import_price_at(t, kNoonPdt), 0.1);
  EXPECT_DOUBLE_EQ(import_price_at(t, kNoonPdt + chr::hours{2}), 0.3);
  EXPECT_DOUBLE_EQ(export_price_at(t, kNoonPdt), 0.05);
}

TEST_F(ConfigTariff, BrokenTariffFileNamesKeyFileAndField) {
  const std::string file = write("bad.yml", "import: abc\nexport: 0.05\n");
  auto c = load_config_text("tariff:\n  name: file\n  file: " + file + "\n", "conf.yml", {});
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().message, "conf.yml: tariff.file: " + file +
                                   ": import: flat price: expected a number, got \"abc\"");
}

TEST(ConfigTariffRepo, ExampleTariffFileLoads) {
  const std::string file = std::string(P15_SOURCE_DIR) + "/bench/tariffs/example-tou.yml";
  auto c = load_config_text("tariff:\n  name: file\n  file: " + file + "\n", "t.yml", {});
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->tariff.loaded.name, "example-tou");
  EXPECT_DOUBLE_EQ(import_price_at(c->tariff.loaded, kNoonPdt), 0.20);
}

}  // namespace
}  // namespace p15
