// Regression tests for what the libFuzzer targets (tests/fuzz) found, one case per finding. The
// input that found it is also in tests/fuzz/corpus/<target>/found_*, so every fuzz run replays it.
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "service/config/config.h"
#include "service/core/policy.h"
#include "service/core/smart_policy.h"
#include "service/store/powerwall_json.h"
#include "service/store/vehicle_json.h"

namespace p15 {
namespace {

const TimePoint kTime{Seconds{1718445600}};  // 2024-06-15 10:00 UTC

// --- Rows the parsers must refuse (kind Invalid, naming the field) instead of passing on. -----

struct RowCase {
  const char* name;
  bool vehicle;      // vehicle_model, else battery_model
  std::string json;  // the row's data
  std::string want;  // a substring of the error
};

class FuzzFoundRows : public ::testing::TestWithParam<RowCase> {};

TEST_P(FuzzFoundRows, AreRefusedWithAMessage) {
  const auto& c = GetParam();
  std::optional<Error> error;
  if (c.vehicle) {
    auto r = parse_vehicle_json(c.json, 7, kTime);
    if (!r.ok()) error = r.error();
  } else {
    auto r = parse_powerwall_json(c.json, 42, kTime);
    if (!r.ok()) error = r.error();
  }
  ASSERT_TRUE(error) << "accepted: " << c.json;
  EXPECT_EQ(error->kind, ErrorKind::Invalid);
  EXPECT_NE(error->message.find(c.want), std::string::npos) << error->message;
}

// A current-shape document whose fields after the flows are `rest`.
std::string pw(const std::string& rest) {
  return R"({"solar_power":0,"load_power":0,"grid_power":0,"battery_power":0,)" + rest + "}";
}
// A vehicle document whose charge_state ends with `rest`.
std::string car(const std::string& rest, const std::string& range = "100") {
  return R"({"state":"online","charge_state":{"charging_state":"Stopped",)"
         R"("charger_actual_current":0,"battery_level":50,"battery_range":)" +
         range + rest + "}}";
}

INSTANTIATE_TEST_SUITE_P(
    Found, FuzzFoundRows,
    ::testing::Values(
        // std::range_error from cpprestsdk's \u decoding went past the json_exception handler:
        // std::terminate, the whole service gone on one bad row.
        RowCase{"lone_surrogate_battery", false,
                pw(R"("energy_left":1,"total_pack_energy":2,"backup_reserve_percent":5,)"
                   R"("grid_status":"\ud800\u0000")"),
                "battery_model row 42: data is not valid JSON: UTF-16"},
        RowCase{"lone_surrogate_vehicle", true, R"({"vin":"\ud800\u0041","state":"online"})",
                "vehicle_model row 7: data is not valid JSON"},
        // Percentages outside 0..100 reached /battery-status.
        RowCase{"reported_percentage_250", false,
                pw(R"("energy_left":1,"total_pack_energy":2,"backup_reserve_percent":5,)"
                   R"("percentage_charged":250)"),
                "field \"percentage_charged\" must be between 0 and 100, got 250"},
        // Unbounded energies: the legacy policy casts them to integers (UB near 1e19).
        RowCase{"energy_left_1e300", false,
                pw(R"("energy_left":1e300,"total_pack_energy":2,"backup_reserve_percent":5)"),
                "field \"energy_left\" must be between 0 and 1000000, got 1e+300"},
        RowCase{"pack_2_mwh", false,
                pw(R"("energy_left":1,"nameplate_energy":2e6,"backup_reserve_percent":5)"),
                "field \"nameplate_energy\" must be between 0 and 1000000"},
        RowCase{"energy_added_1e68", true, car(R"(,"charge_energy_added":8.9e67)"),
                "field \"charge_state.charge_energy_added\" must be between 0 and 1000"},
        RowCase{"range_in_feet", true, car("", "528000"),
                "field \"charge_state.battery_range\" must be between 0 and 2000"},
        RowCase{"power_in_watts", true, car(R"(,"charger_power":7200)"),
                "field \"charge_state.charger_power\" must be between 0 and 1000"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(FuzzFoundPowerwall, DerivedPercentageIsCappedAt100) {
  // nameplate_energy below the live energy (a young pack): 100 / 40 was reported as 250 %.
  auto r =
      parse_powerwall_json(pw(R"("energy_left":100,"total_pack_energy":null,"nameplate_energy":40,)"
                              R"("backup_reserve_percent":5)"),
                           42, kTime);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->percentage_charged, 100);
}

// --- Config: a bad value is a message, never a crash or a silently broken URL. ---------------

TEST(FuzzFoundConfig, SecretPathTooLongIsAMessageNotACrash) {
  // std::filesystem::is_directory threw filesystem_error (ENAMETOOLONG): std::terminate.
  const std::string path = "/tmp/" + std::string(300, 'a');
  auto r = load_config_text("database:\n  password_file: " + path + "\n", "t.yml", {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("t.yml: database.password_file: cannot read"), std::string::npos)
      << r.error().message;
  EXPECT_NE(r.error().message.find("File name too long"), std::string::npos) << r.error().message;
}

class FuzzFoundUrls : public ::testing::TestWithParam<const char*> {};

TEST_P(FuzzFoundUrls, WithoutAHostAreRefused) {
  // Trailing-slash trimming ate the scheme's own slashes: "http:///" was accepted as "http:".
  auto r = load_config_text(std::string("vehicle:\n  companion_base_url: \"") + GetParam() + "\"\n",
                            "t.yml", {});
  ASSERT_FALSE(r.ok()) << "accepted as \"" << r->vehicle.companion_base_url << "\"";
  EXPECT_NE(r.error().message.find("vehicle.companion_base_url: must name a host"),
            std::string::npos)
      << r.error().message;
}

INSTANTIATE_TEST_SUITE_P(Found, FuzzFoundUrls,
                         ::testing::Values("http:///", "https:////", "http://///"));

TEST(FuzzFoundConfig, AUrlKeepsItsHostWhenTrimmed) {
  auto r = load_config_text("vehicle:\n  companion_base_url: \"http://h//\"\n", "t.yml", {});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->vehicle.companion_base_url, "http://h");
}

TEST(FuzzFoundConfig, ALoadedConfigLoadsBackFromItsValues) {
  // What the config fuzz target checks on every config it loads: its values load back to it.
  const std::map<std::string, std::string> env = {{"P15_VEHICLE_FLEET_TOKEN", "tok"},
                                                  {"P15_SERVICE_APPLICATION_ROOT", "/p15/"}};
  auto first = load_config_text(
      "vehicle:\n  adapter: fleet\n  vin: V\n  fleet_base_url: https://p:1//\n", "a.yml", env);
  ASSERT_TRUE(first.ok()) << first.error().message;
  std::map<std::string, std::string> again_env;
  for (const auto& v : config_values(*first)) again_env[config_env_var(v.key)] = v.value;
  auto again = load_config_text("", "a.yml", again_env);
  ASSERT_TRUE(again.ok()) << again.error().message;
  ASSERT_EQ(config_values(*again).size(), config_values(*first).size());
  for (std::size_t i = 0; i < config_values(*first).size(); ++i) {
    EXPECT_EQ(config_values(*again)[i].value, config_values(*first)[i].value)
        << config_values(*first)[i].key;
  }
  EXPECT_EQ(describe(*again), describe(*first));
}

// --- Policies: never more amps than the car says it takes (charge_current_request_max). -------

struct AmpsCase {
  const char* name;
  const char* policy;
  std::optional<ChargeMode> mode;  // the smart policy's plan override
  int max_a;                       // charge_current_request_max
  int actual_a;                    // charger_actual_current (no charge_current_request)
  double grid_w;                   // < 0 exporting
};

class FuzzFoundAmps : public ::testing::TestWithParam<AmpsCase> {};

TEST_P(FuzzFoundAmps, NeverAboveTheCarsMaximum) {
  const auto& c = GetParam();
  auto policy = make_policy(c.policy, PolicySettings{});
  ASSERT_TRUE(policy.ok());
  Snapshot s;
  s.powerwall.grid_w = c.grid_w;
  s.powerwall.load_w = 1000;
  s.powerwall.energy_left_wh = 5000;
  s.powerwall.total_pack_energy_wh = 13500;
  s.powerwall.backup_reserve_percent = 20;
  s.vehicle.charging_state = ChargingState::Charging;
  s.vehicle.charger_actual_current = c.actual_a;
  s.vehicle.charger_voltage = 240;
  s.vehicle.charge_current_request_max = c.max_a;
  s.vehicle.battery_level = 50;
  s.vehicle.charge_limit_soc = 80;
  s.plan.mode = c.mode;
  s.now = kTime;
  for (int i = 0; i < 3; ++i) {  // the second and third decisions see the first's memory
    const Decision d = policy.value()->decide(s);
    EXPECT_LE(d.amps, c.max_a) << "decision " << i << ": " << d.reason;
    EXPECT_GE(d.amps, 0) << "decision " << i << ": " << d.reason;
    s.memory = d.memory;
    s.now += Seconds{30};
  }
}

INSTANTIATE_TEST_SUITE_P(
    Found, FuzzFoundAmps,
    ::testing::Values(
        // Holding the 6 A minimum through the stop delay on a car that takes 4 A.
        AmpsCase{"surplus_delay_holds_min_above_max", "surplus-delay", std::nullopt, 4, 4, 500},
        // Pacing kept the car's own 17 A although its maximum is 16 A.
        AmpsCase{"smart_keeps_draw_above_max", "smart", ChargeMode::Solar, 16, 17, -6000},
        // solar+min's 5 A floor on a car that takes 4 A.
        AmpsCase{"smart_solar_min_floor_above_max", "smart", ChargeMode::SolarMin, 4, 4, 500},
        // Holding the minimum through the stop delay, as surplus-delay did.
        AmpsCase{"smart_holds_min_above_max", "smart", ChargeMode::Solar, 4, 4, 500}),
    [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace p15
