// SimulatorClock against p15-sim's own status server and report (sim/status_server,
// sim/sim_report) over loopback HTTP.
#include "service/clock/simulator_clock.h"

#include <gtest/gtest.h>

#include <atomic>

#include "sim/sim_report.h"
#include "sim/status_server.h"
#include "tests/support/service_process.h"

namespace p15::test {
namespace {

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

TEST(SimulatorClock, FollowsTheSimulatedTimeOfItsStatus) {
  std::atomic<long long> sim_s{1'466'042'430};  // 2016-06-16 02:00:30 UTC
  sim::SimConfig config;
  sim::StatusServer status(0, [&] {
    sim::SimStats stats;
    stats.sim_utc = TimePoint{Seconds{sim_s.load()}};
    return sim::status_json(stats, config, "tou-nbt");
  });
  SimulatorClock clock("http://127.0.0.1:" + std::to_string(status.port()));
  auto first = clock.now();
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->time_since_epoch().count(), 1'466'042'430);
  sim_s += 3600;  // an hour of simulated time later
  auto second = clock.now();
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_EQ(*second - *first, std::chrono::hours{1});
}

TEST(SimulatorClock, ASimulatorThatIsNotThereIsAClearError) {
  const std::string url = "http://127.0.0.1:" + std::to_string(free_port());
  SimulatorClock clock(url);
  auto r = clock.now();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Unavailable);
  EXPECT_TRUE(contains(r.error().message, "clock.simulator_url " + url)) << r.error().message;
  EXPECT_TRUE(contains(r.error().message, "p15-sim does not answer GET /status"))
      << r.error().message;
}

TEST(SimulatorClock, AnotherServerIsNamedWithItsStatus) {
  sim::StatusServer status(0, [] { return web::json::value::object(); });
  // The status server answers 404 to anything but /status.
  SimulatorClock wrong_path("http://127.0.0.1:" + std::to_string(status.port()) + "/api");
  auto r = wrong_path.now();
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(contains(r.error().message, "answered 404")) << r.error().message;
  SimulatorClock no_time("http://127.0.0.1:" + std::to_string(status.port()));
  auto t = no_time.now();
  ASSERT_FALSE(t.ok());
  EXPECT_TRUE(contains(t.error().message, "simulated_time_utc")) << t.error().message;
}

}  // namespace
}  // namespace p15::test
