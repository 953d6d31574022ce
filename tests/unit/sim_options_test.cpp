// p15-sim's command line.
#include "sim/sim_options.h"

#include <gtest/gtest.h>

#include <map>

#include "tests/unit/cli_cases.h"

namespace p15::sim {
namespace {

EnvLookup env_of(std::map<std::string, std::string> vars) {
  return [vars](const std::string& k) -> std::optional<std::string> {
    auto it = vars.find(k);
    return it == vars.end() ? std::nullopt : std::optional<std::string>(it->second);
  };
}

TEST(SimOptions, Defaults) {
  auto o = parse_sim_options({}, env_of({}));
  ASSERT_TRUE(o.ok()) << o.error().message;
  EXPECT_EQ(o->speed, 60);
  EXPECT_EQ(o->tick_s, 30);
  EXPECT_EQ(o->dataset, Dataset::Opsd);
  EXPECT_EQ(o->start, "2016-06-01T00:00");
  EXPECT_EQ(o->fleet_token, kDefaultFleetToken);
  EXPECT_EQ(o->shape, PowerwallShape::LiveStatus);  // today's Tesla rows
  EXPECT_EQ(o->off_grid_reserve_percent, 20);
  EXPECT_EQ(o->powerwall_mode, "self-powered");
  EXPECT_EQ(o->plug, PlugMode::Schedule);
  EXPECT_EQ(o->tariff, "flat");
  EXPECT_EQ(o->sleep_after_min, 15);
  EXPECT_EQ(o->duration_h, 0);
  EXPECT_FALSE(o->use_db)
      << "p15-collector writes the rows; --direct-rows is for the lockstep tests";
  EXPECT_EQ(o->gateway_port, -1);
  EXPECT_EQ(o->wall_connector_port, -1);
}

TEST(SimOptions, DirectRowsAndTheHomesDevices) {
  auto o = parse_sim_options({"--direct-rows", "--gateway-port", "0", "--tls-dir", "/tmp/t",
                              "--wall-connector-port", "7080", "--gateway-email", "a@b.c"},
                             env_of({{"P15_SIM_GATEWAY_PASSWORD", "pw-from-env"}}));
  ASSERT_TRUE(o.ok()) << o.error().message;
  EXPECT_TRUE(o->use_db);
  EXPECT_EQ(o->gateway_port, 0);
  EXPECT_EQ(o->wall_connector_port, 7080);
  EXPECT_EQ(o->gateway_email, "a@b.c");
  EXPECT_EQ(o->gateway_password, "pw-from-env");
  auto no_tls = parse_sim_options({"--gateway-port", "7443"}, env_of({}));
  ASSERT_FALSE(no_tls.ok());
  EXPECT_NE(no_tls.error().message.find("--tls-dir"), std::string::npos);
}

TEST(SimOptions, CreateTablesAppliesTheSchemaFileGiven) {
  auto o = parse_sim_options({"--create-tables", "--schema", "/etc/p15/schema.sql"}, env_of({}));
  ASSERT_TRUE(o.ok()) << o.error().message;
  EXPECT_TRUE(o->db.create_tables);
  EXPECT_EQ(o->db.schema_file, "/etc/p15/schema.sql");
  auto unset = parse_sim_options({}, env_of({}));
  ASSERT_TRUE(unset.ok());
  EXPECT_FALSE(unset->db.create_tables);
  EXPECT_EQ(unset->db.schema_file, "") << "found at run time: default_schema_file()";
}

TEST(SimOptions, FlagsAndEnvironment) {
  auto o = parse_sim_options({"--speed",
                              "3600",
                              "--dataset=ausgrid",
                              "--plug",
                              "always",
                              "--tariff",
                              "tou-nbt",
                              "--powerwall-shape",
                              "legacy",
                              "--db-port",
                              "3307",
                              "--db-socket",
                              "/tmp/s.sock",
                              "--duration-h",
                              "2.5",
                              "--seed",
                              "9",
                              "--fleet-port",
                              "0",
                              "--no-db",
                              "--pv-scale",
                              "2"},
                             env_of({{"P15_SIM_DB_PASSWORD", "pw"},
                                     {"P15_SIM_FLEET_TOKEN", "tok"},
                                     {"P15_DATA_DIR", "/data"}}));
  ASSERT_TRUE(o.ok()) << o.error().message;
  EXPECT_EQ(o->speed, 3600);
  EXPECT_EQ(o->dataset, Dataset::Ausgrid);
  EXPECT_EQ(o->start, "2011-12-01T00:00");
  EXPECT_EQ(o->plug, PlugMode::Always);
  EXPECT_EQ(o->tariff, "tou-nbt");
  EXPECT_EQ(o->shape, PowerwallShape::Legacy);
  EXPECT_EQ(o->db.port, 3307);
  EXPECT_EQ(o->db.socket, "/tmp/s.sock");
  EXPECT_EQ(o->db.password, "pw");
  EXPECT_EQ(o->fleet_token, "tok");
  EXPECT_EQ(o->data_dir, "/data");
  EXPECT_EQ(o->duration_h, 2.5);
  EXPECT_EQ(o->seed, 9u);
  EXPECT_EQ(o->fleet_port, 0);
  EXPECT_FALSE(o->use_db);
  EXPECT_EQ(o->pv_scale, 2.0);
}

struct ShapeArg {
  const char* flag;
  PowerwallShape shape;
};

class SimOptionsShapes : public ::testing::TestWithParam<ShapeArg> {};

// The older shapes stay on request, under the names they always had.
TEST_P(SimOptionsShapes, ByName) {
  auto o = parse_sim_options({"--powerwall-shape", GetParam().flag}, env_of({}));
  ASSERT_TRUE(o.ok()) << o.error().message;
  EXPECT_EQ(o->shape, GetParam().shape);
}

INSTANTIATE_TEST_SUITE_P(Names, SimOptionsShapes,
                         ::testing::Values(ShapeArg{"live-status", PowerwallShape::LiveStatus},
                                           ShapeArg{"current", PowerwallShape::Current},
                                           ShapeArg{"legacy", PowerwallShape::Legacy}),
                         [](const auto& info) {
                           return std::string(info.param.flag == std::string("live-status")
                                                  ? "live_status"
                                                  : info.param.flag);
                         });

class SimOptionsRejects : public ::testing::TestWithParam<BadArgs> {};

TEST_P(SimOptionsRejects, NamingTheOption) {
  EXPECT_TRUE(refused_naming(parse_sim_options(GetParam().args, env_of({})), GetParam().names));
}

INSTANTIATE_TEST_SUITE_P(
    Bad, SimOptionsRejects,
    ::testing::Values(
        BadArgs{"unknown", {"--nope"}, "--nope"}, BadArgs{"missing_value", {"--speed"}, "--speed"},
        BadArgs{"not_a_number", {"--speed", "fast"}, "--speed"},
        BadArgs{"zero_speed", {"--speed", "0"}, "--speed"},
        BadArgs{"bad_dataset", {"--dataset", "uk"}, "--dataset"},
        BadArgs{"bad_start", {"--start", "June"}, "--start"},
        BadArgs{"bad_shape", {"--powerwall-shape", "fleet"}, "--powerwall-shape"},
        BadArgs{"off_grid_reserve_above_100", {"--off-grid-reserve", "101"}, "--off-grid-reserve"},
        BadArgs{"bad_powerwall_mode", {"--powerwall-mode", "backup"}, "--powerwall-mode"},
        BadArgs{"bad_port", {"--http-port", "70000"}, "--http-port"},
        BadArgs{"fractional_port", {"--fleet-port", "1.5"}, "--fleet-port"},
        BadArgs{
            "token_file_missing", {"--fleet-token-file", "/nonexistent/t"}, "--fleet-token-file"},
        // Malformed numbers: trailing text, a dangling exponent, hex, not finite.
        BadArgs{"days_like_trailing_text", {"--duration-h", "3x"}, "--duration-h"},
        BadArgs{"dangling_exponent", {"--speed", "1e"}, "--speed"},
        BadArgs{"trailing_text_after_equals", {"--tick-s=30s"}, "--tick-s"},
        BadArgs{"hex_port", {"--db-port", "0x10"}, "--db-port"},
        BadArgs{"comma_decimal", {"--seed", "1,5"}, "--seed"},
        BadArgs{"infinite_scale", {"--pv-scale", "inf"}, "--pv-scale"},
        BadArgs{"empty_number", {"--car-soc", ""}, "--car-soc"}),
    bad_args_name);

TEST(SimOptions, WholeNumbersMayBeWrittenAsDecimals) {
  auto o =
      parse_sim_options({"--fleet-port", "4443.0", "--seed", "010", "--speed=1e3"}, env_of({}));
  ASSERT_TRUE(o.ok()) << o.error().message;
  EXPECT_EQ(o->fleet_port, 4443);
  EXPECT_EQ(o->seed, 10u);  // decimal, not CLI11's octal reading
  EXPECT_EQ(o->speed, 1000);
}

TEST(SimOptions, ARepeatedOptionTakesTheLastValue) {
  auto o = parse_sim_options({"--speed", "2", "--speed", "3"}, env_of({}));
  ASSERT_TRUE(o.ok()) << o.error().message;
  EXPECT_EQ(o->speed, 3);
}

}  // namespace
}  // namespace p15::sim
