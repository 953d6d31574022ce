// database.row_time_zone: which instant a row's wall-clock `timestamp` names, across both ends of
// daylight saving time in Pacific time (2024: DST began 10 March 02:00, ended 3 November 02:00).
#include "service/core/row_time.h"

#include <gtest/gtest.h>

#include "service/config/time_zones.h"

namespace p15 {
namespace {

using std::chrono::sys_days;
using namespace std::chrono_literals;

LocalSeconds wall(int month, int day, int h, int m) {
  return LocalSeconds{sys_days{std::chrono::year{2024} / month / day}.time_since_epoch() +
                      std::chrono::hours{h} + std::chrono::minutes{m}};
}
TimePoint utc(int month, int day, int h, int m) {
  return TimePoint{sys_days{std::chrono::year{2024} / month / day}.time_since_epoch() +
                   std::chrono::hours{h} + std::chrono::minutes{m}};
}

struct RowTimeCase {
  const char* name;
  bool zoned;
  LocalSeconds wall;
  TimePoint now;
  TimePoint expected;
};

class RowTime : public ::testing::TestWithParam<RowTimeCase> {};

TEST_P(RowTime, NamesTheInstantTheCollectorMeant) {
  const RowTimeCase& c = GetParam();
  std::optional<LocalZone> zone;
  if (c.zoned) zone = us_pacific_zone();
  EXPECT_EQ(row_instant(c.wall, zone, c.now), c.expected);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, RowTime,
    ::testing::Values(
        // UTC rows are read as they are, whatever the hour.
        RowTimeCase{"utc", false, wall(11, 3, 1, 30), utc(11, 3, 1, 31), utc(11, 3, 1, 30)},
        // A summer afternoon in PDT (UTC-7) and a winter one in PST (UTC-8).
        RowTimeCase{"summer", true, wall(6, 15, 12, 0), utc(6, 15, 19, 0), utc(6, 15, 19, 0)},
        RowTimeCase{"winter", true, wall(1, 15, 12, 0), utc(1, 15, 20, 0), utc(1, 15, 20, 0)},
        // 01:30 happens twice on 3 November: 08:30 UTC (PDT) and 09:30 UTC (PST). Once the
        // second one has come, the newest row is the second.
        RowTimeCase{"repeated_second_pass", true, wall(11, 3, 1, 30), utc(11, 3, 9, 31),
                    utc(11, 3, 9, 30)},
        // During the first pass the second lies an hour ahead: the row cannot be from then.
        RowTimeCase{"repeated_first_pass", true, wall(11, 3, 1, 30), utc(11, 3, 8, 31),
                    utc(11, 3, 8, 30)},
        // 02:30 on 10 March never happened; read with the offset before the gap (PST), it is
        // 10:30 UTC, 03:30 PDT.
        RowTimeCase{"skipped", true, wall(3, 10, 2, 30), utc(3, 10, 10, 31), utc(3, 10, 10, 30)}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(RowTimeZoneSetting, AcceptsUtcTheConfiguredNamesAndIanaNamesAndNamesWhatItWants) {
  EXPECT_FALSE(row_time_zone("UTC").value().has_value());
  EXPECT_EQ(row_time_zone("us-pacific").value()->name, "America/Los_Angeles");
  EXPECT_EQ(row_time_zone("Europe/Berlin").value()->name, "Europe/Berlin");
  auto bad = row_time_zone("Pacific");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("IANA"), std::string::npos) << bad.error().message;
}

}  // namespace
}  // namespace p15
