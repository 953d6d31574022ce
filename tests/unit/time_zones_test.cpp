// The zone adapter: configured names to the OS database's zones, and its refusals.
#include "service/config/time_zones.h"

#include <date/tz.h>
#include <gtest/gtest.h>

namespace p15 {
namespace {

struct NamedZone {
  const char* configured;
  const char* iana;
};

class ConfiguredZone : public ::testing::TestWithParam<NamedZone> {};

TEST_P(ConfiguredZone, IsTheDatabaseZone) {
  auto zone = zone_named(GetParam().configured);
  ASSERT_TRUE(zone.ok()) << zone.error().message;
  EXPECT_EQ(zone->name, GetParam().iana);
  ASSERT_NE(zone->tz, nullptr);
  EXPECT_EQ(zone->tz->name(), GetParam().iana);
}

INSTANTIATE_TEST_SUITE_P(Names, ConfiguredZone,
                         ::testing::Values(NamedZone{"us-pacific", "America/Los_Angeles"},
                                           NamedZone{"europe-berlin", "Europe/Berlin"},
                                           NamedZone{"australia-sydney", "Australia/Sydney"}),
                         [](const auto& info) {
                           std::string n = info.param.configured;
                           for (char& c : n) c = c == '-' ? '_' : c;
                           return n;
                         });

TEST(ConfiguredZone, EveryListedNameResolves) {
  for (const std::string& name : zone_names()) EXPECT_TRUE(zone_named(name).ok()) << name;
}

TEST(ConfiguredZone, UnknownNameListsTheKnownOnes) {
  auto zone = zone_named("America/Los_Angeles");  // users configure the short names
  ASSERT_FALSE(zone.ok());
  EXPECT_NE(zone.error().message.find("us-pacific"), std::string::npos) << zone.error().message;
}

TEST(FindZone, NotInTheDatabaseNamesTheZone) {
  auto zone = find_zone("Mars/Olympus_Mons");
  ASSERT_FALSE(zone.ok());
  EXPECT_EQ(zone.error().kind, ErrorKind::NotFound);
  EXPECT_NE(zone.error().message.find("Mars/Olympus_Mons"), std::string::npos)
      << zone.error().message;
}

TEST(FindZone, DefaultZoneIsUtc) {
  const LocalZone utc;
  const TimePoint t{std::chrono::hours{400000}};
  EXPECT_EQ(utc_offset(utc, t), Seconds{0});
  EXPECT_EQ(to_utc(utc, to_local(utc, t)).earlier, t);
}

}  // namespace
}  // namespace p15
