// The home clock's pure parts: p15-sim's /status time and the factory behind clock.source.
#include <gtest/gtest.h>

#include "service/clock/manual_clock.h"
#include "service/clock/simulator_clock.h"

namespace p15 {
namespace {

namespace chr = std::chrono;

struct IsoCase {
  const char* name;
  const char* text;
  std::optional<long long> epoch_s;  // nullopt: refused
};

class UtcIso : public ::testing::TestWithParam<IsoCase> {};

TEST_P(UtcIso, ParsesOnlyTheSimulatorsShape) {
  const IsoCase& c = GetParam();
  auto r = parse_utc_iso(c.text);
  if (!c.epoch_s) {
    ASSERT_FALSE(r.ok()) << c.text;
    EXPECT_NE(r.error().message.find(std::string("\"") + c.text + "\""), std::string::npos);
    return;
  }
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->time_since_epoch().count(), *c.epoch_s);
}

INSTANTIATE_TEST_SUITE_P(Cases, UtcIso,
                         ::testing::Values(IsoCase{"epoch", "1970-01-01T00:00:00Z", 0},
                                           IsoCase{"sim_night", "2016-06-16T02:00:30Z", 1466042430},
                                           IsoCase{"leap_day", "2016-02-29T23:59:59Z", 1456790399},
                                           IsoCase{"no_zone", "2016-06-16T02:00:30", {}},
                                           IsoCase{"offset", "2016-06-16T02:00:30+00:00", {}},
                                           IsoCase{"space", "2016-06-16 02:00:30Z", {}},
                                           IsoCase{"feb_30", "2016-02-30T00:00:00Z", {}},
                                           IsoCase{"hour_24", "2016-06-16T24:00:00Z", {}},
                                           IsoCase{"sign", "+016-06-16T02:00:30Z", {}},
                                           IsoCase{"empty", "", {}}),
                         [](const auto& info) { return std::string(info.param.name); });

struct StatusCase {
  const char* name;
  const char* body;
  const char* error;  // "" when accepted
};

class SimulatorStatus : public ::testing::TestWithParam<StatusCase> {};

TEST_P(SimulatorStatus, NamesTheFieldWhenItCannotTellTheTime) {
  const StatusCase& c = GetParam();
  auto r = parse_simulator_status(c.body);
  if (*c.error == '\0') {
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->time_since_epoch().count(), 1466042430);
    return;
  }
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find(c.error), std::string::npos) << r.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, SimulatorStatus,
    ::testing::Values(
        StatusCase{"ok", R"({"simulated_time_utc":"2016-06-16T02:00:30Z","ticks":3})", ""},
        StatusCase{"not_json", "<html>", "/status is not JSON"},
        StatusCase{"no_field", R"({"ticks":3})", "no string field \"simulated_time_utc\""},
        StatusCase{"number", R"({"simulated_time_utc":1466042430})", "no string field"},
        StatusCase{"bad_time", R"({"simulated_time_utc":"soon"})",
                   "simulated_time_utc: expected \"YYYY-MM-DDTHH:MM:SSZ\""}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(MakeHomeClock, SystemIsTheGivenClock) {
  ManualClock system(TimePoint{Seconds{1'700'000'000}});
  auto clock = make_home_clock(ClockConfig{"system", ""}, system);
  ASSERT_TRUE(clock.ok()) << clock.error().message;
  EXPECT_EQ((*clock)->describe(), "system");
  system.advance(chr::seconds{5});
  EXPECT_EQ((*clock)->now().value(), TimePoint{Seconds{1'700'000'005}});
}

TEST(MakeHomeClock, SimulatorNeedsItsUrl) {
  ManualClock system(TimePoint{});
  auto none = make_home_clock(ClockConfig{"simulator", ""}, system);
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.error().message.find("clock.simulator_url"), std::string::npos);
  auto sim = make_home_clock(ClockConfig{"simulator", "http://127.0.0.1:8090/"}, system);
  ASSERT_TRUE(sim.ok());
  EXPECT_EQ((*sim)->describe(), "simulator http://127.0.0.1:8090");
  EXPECT_FALSE(make_home_clock(ClockConfig{"sundial", ""}, system).ok());
}

}  // namespace
}  // namespace p15
