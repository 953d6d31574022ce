// p15-service's command line: the options of before, parsed by CLI11; a bad value names its
// option.
#include "app/service_options.h"

#include <gtest/gtest.h>

namespace p15 {
namespace {

struct OptionsCase {
  const char* name;
  std::vector<std::string> args;
  std::string config;
  std::optional<int> port;
  bool probe;
  bool help;
};

void PrintTo(const OptionsCase& c, std::ostream* os) { *os << c.name; }

class ServiceOptionsParse : public ::testing::TestWithParam<OptionsCase> {};

TEST_P(ServiceOptionsParse, ReadsEveryOption) {
  const auto& c = GetParam();
  auto o = parse_service_options(c.args);
  ASSERT_TRUE(o.ok()) << o.error().message;
  EXPECT_EQ(o->config, c.config);
  EXPECT_EQ(o->port, c.port);
  EXPECT_EQ(o->probe, c.probe);
  EXPECT_EQ(o->help, c.help);
}

INSTANTIATE_TEST_SUITE_P(
    Lines, ServiceOptionsParse,
    ::testing::Values(
        OptionsCase{"none", {}, "config/config.yml", std::nullopt, false, false},
        OptionsCase{"long", {"--config", "a.yml", "--port", "8080"}, "a.yml", 8080, false, false},
        OptionsCase{"short", {"-c", "b.yml", "-p", "1"}, "b.yml", 1, false, false},
        OptionsCase{"equals", {"--config=c.yml", "--port=65535"}, "c.yml", 65535, false, false},
        OptionsCase{"probe", {"--probe", "-p", "5000"}, "config/config.yml", 5000, true, false},
        OptionsCase{"help", {"--help"}, "config/config.yml", std::nullopt, false, true},
        OptionsCase{"h", {"-h"}, "config/config.yml", std::nullopt, false, true}),
    [](const auto& info) { return std::string(info.param.name); });

struct BadCase {
  const char* name;
  std::vector<std::string> args;
  std::string message;  // a part of the error
};

void PrintTo(const BadCase& c, std::ostream* os) { *os << c.name; }

class ServiceOptionsRefuse : public ::testing::TestWithParam<BadCase> {};

TEST_P(ServiceOptionsRefuse, NamingTheOption) {
  auto o = parse_service_options(GetParam().args);
  ASSERT_FALSE(o.ok());
  EXPECT_NE(o.error().message.find(GetParam().message), std::string::npos) << o.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Lines, ServiceOptionsRefuse,
    ::testing::Values(
        BadCase{"port_zero", {"--port", "0"}, "--port: expected an integer 1..65535, got \"0\""},
        BadCase{"port_too_big", {"-p", "65536"}, "--port: expected an integer 1..65535"},
        BadCase{"port_word", {"--port", "abc"}, "got \"abc\""},
        BadCase{"port_trailing", {"--port", "80x"}, "got \"80x\""},
        BadCase{"port_missing", {"--port"}, "--port"},
        BadCase{"config_missing", {"--config"}, "--config"},
        BadCase{"unknown", {"--verbose"}, "--verbose"}, BadCase{"stray", {"extra"}, "extra"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(ServiceOptions, UsageNamesEveryOption) {
  const std::string usage = service_usage();
  for (const char* option : {"--config", "-c", "--port", "-p", "--probe", "--help"}) {
    EXPECT_NE(usage.find(option), std::string::npos) << option << " in:\n" << usage;
  }
}

}  // namespace
}  // namespace p15
