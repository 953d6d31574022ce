// p15-sim's --step-mode external: the flag, and POST /advance's ticks (Stepper), alone and on a
// Simulation.
#include <gtest/gtest.h>

#include <vector>

#include "service/config/time_zones.h"
#include "service/core/tariff.h"
#include "sim/sim_options.h"
#include "sim/simulation.h"
#include "sim/stepper.h"

namespace p15::sim {
namespace {

namespace chr = std::chrono;

EnvLookup no_env() {
  return [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
}

TEST(Stepper, StepModeIsRealTimeUnlessExternalIsAsked) {
  auto plain = parse_sim_options({}, no_env());
  ASSERT_TRUE(plain.ok()) << plain.error().message;
  EXPECT_FALSE(plain->external_steps);
  auto external = parse_sim_options({"--step-mode", "external"}, no_env());
  ASSERT_TRUE(external.ok()) << external.error().message;
  EXPECT_TRUE(external->external_steps);
  EXPECT_FALSE(parse_sim_options({"--step-mode", "fast"}, no_env()).ok());
}

TEST(Stepper, RunsTheTicksTheSecondsFillAndCarriesTheRest) {
  int ticks = 0;
  Stepper stepper(30, -1, [&] { ++ticks; });
  // 250 s at a 30 s tick: 8 ticks (240 s), the 10 s left count towards the next call.
  EXPECT_EQ(stepper.advance(250).ticks, 8);
  EXPECT_EQ(stepper.advance(250).ticks, 8);  // 500 s asked: 16 ticks
  EXPECT_EQ(stepper.advance(250).ticks, 9);  // 750 s asked: 25 ticks
  EXPECT_EQ(ticks, 25);
  EXPECT_EQ(stepper.advance(20).ticks, 0);  // 770 s: still 25 ticks
  EXPECT_EQ(stepper.advance(10).ticks, 1);  // 780 s: exactly 26
  EXPECT_FALSE(stepper.done());             // no span: never done
}

TEST(Stepper, StopsAtTheSpanAndThenMovesNothing) {
  int ticks = 0;
  Stepper stepper(30, 10, [&] { ++ticks; });  // a 300 s span
  const Stepper::Advanced first = stepper.advance(250);
  EXPECT_EQ(first.ticks, 8);
  EXPECT_FALSE(first.done);
  const Stepper::Advanced last = stepper.advance(250);
  EXPECT_EQ(last.ticks, 2);  // the span's last two, not 8
  EXPECT_TRUE(last.done);
  EXPECT_EQ(stepper.advance(1000).ticks, 0);
  EXPECT_TRUE(stepper.done());
  EXPECT_EQ(ticks, 10);
}

class CountingSink : public CollectorSink {
 public:
  Status write_battery(const std::string&, TimePoint real) override {
    battery.push_back(real);
    return ok_status();
  }
  Status write_vehicle(const std::string&, TimePoint real) override {
    vehicle.push_back(real);
    return ok_status();
  }
  std::vector<TimePoint> battery, vehicle;
};

HouseholdSeries flat_series() {
  HouseholdSeries s;
  s.name = "test";
  s.zone = us_pacific_zone();
  s.step = chr::hours{1};
  const TimePoint first =
      to_utc(s.zone, LocalSeconds{chr::sys_days{chr::year{2016} / 6 / 1}.time_since_epoch()})
          .earlier;
  for (int h = 0; h < 48; ++h) s.samples.push_back({first + chr::hours{h}, 1000.0, 500, false});
  return s;
}

TEST(Stepper, AdvancesTheSimulatedClockByTheSecondsAndWritesEachTicksRows) {
  SimConfig config;
  config.start =
      LocalSeconds{chr::sys_days{chr::year{2016} / 6 / 1}.time_since_epoch()} + chr::hours{12};
  CountingSink sink;
  const TimePoint real{Seconds{1'800'000'000}};
  Simulation sim(config, flat_series(), flat_tariff(), nullptr, &sink, [&] { return real; });
  Stepper stepper(config.tick_s, -1, [&] { sim.tick(); });
  const TimePoint before = sim.now();
  EXPECT_EQ(stepper.advance(300).ticks, 10);
  EXPECT_EQ(sim.now() - before, Seconds{300});
  EXPECT_EQ(sim.stats().ticks, 10);
  // A battery and a vehicle row per tick, stamped with the real clock (the service's freshness).
  ASSERT_EQ(sink.battery.size(), 10u);
  ASSERT_EQ(sink.vehicle.size(), 10u);
  EXPECT_EQ(sink.vehicle.back(), real);
  EXPECT_EQ(sim.stats().rows_written, 20);
}

}  // namespace
}  // namespace p15::sim
