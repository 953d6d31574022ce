// The Poller in simulated time: a ManualClock decides when each wait between cycles ends, so
// every test is exact and none sleeps. After start() and after each advance, the test waits for
// the loop to be back in its wait (ManualClock::await_waiters) before it looks.
#include "service/poll/poller.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <stdexcept>
#include <vector>

#include "service/clock/manual_clock.h"

namespace p15 {
namespace {

using namespace std::chrono_literals;

const TimePoint kStart{Seconds{1'780'000'000}};
constexpr Seconds kInterval{30};

class PollerTest : public ::testing::Test {
 protected:
  // The loop has run its cycles and waits for the next interval.
  void await_wait() { ASSERT_TRUE(clock_.await_waiters(1)) << "the loop never waited"; }
  void advance(std::chrono::milliseconds d) {
    clock_.advance(d);
    await_wait();
  }
  bool has(const std::string& line) { return metrics_.serialize().find(line) != std::string::npos; }

  ManualClock clock_{kStart};
  Metrics metrics_;
  std::atomic<int> ran_{0};
  std::function<CycleResult()> body_ = [] { return CycleResult::Ok; };
  Poller poller_{[this] {
                   ++ran_;
                   return body_();
                 },
                 clock_, metrics_, kInterval};
};

struct Step {
  std::chrono::milliseconds advance;
  int cycles;  // cycles run once the loop waits again
};

struct CadenceCase {
  const char* name;
  std::vector<Step> steps;
};

class PollerCadence : public PollerTest, public ::testing::WithParamInterface<CadenceCase> {};

TEST_P(PollerCadence, RunsOneCyclePerIntervalAndNoneBefore) {
  ASSERT_TRUE(poller_.start());
  await_wait();
  EXPECT_EQ(ran_, 1) << "the first cycle runs at once";
  for (std::size_t i = 0; i < GetParam().steps.size(); ++i) {
    const Step& s = GetParam().steps[i];
    advance(s.advance);
    EXPECT_EQ(ran_, s.cycles) << "step " << i;
    EXPECT_EQ(poller_.status().cycles, s.cycles) << "step " << i;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, PollerCadence,
    ::testing::Values(
        CadenceCase{"one_ms_short_of_the_interval", {{kInterval - 1ms, 1}, {1ms, 2}}},
        CadenceCase{"each_interval", {{kInterval, 2}, {kInterval, 3}, {kInterval, 4}}},
        CadenceCase{"in_small_steps", {{10s, 1}, {10s, 1}, {9999ms, 1}, {1ms, 2}, {29s, 2}}},
        // After a long stall one cycle runs, not the missed ones, and the interval starts anew.
        CadenceCase{"no_catch_up_after_a_stall", {{3 * kInterval, 2}, {kInterval - 1ms, 2}}}),
    [](const auto& info) { return std::string(info.param.name); });

TEST_F(PollerTest, StopDuringTheWaitReturnsAtOnce) {
  ASSERT_TRUE(poller_.start());
  await_wait();
  const MonotonicTime before = clock_.monotonic_now();
  // No time passes: if stop() waited for the interval it would never return.
  auto stopped = std::async(std::launch::async, [this] { return poller_.stop(); });
  ASSERT_EQ(stopped.wait_for(10s), std::future_status::ready) << "stop() waited for the interval";
  EXPECT_TRUE(stopped.get());
  EXPECT_EQ(clock_.monotonic_now(), before);
  EXPECT_EQ(clock_.waiters(), 0u);
  EXPECT_EQ(ran_, 1);
  EXPECT_FALSE(poller_.status().running);
}

TEST_F(PollerTest, StopDuringACycleWaitsForItAndSkipsTheWait) {
  std::promise<void> entered, release;
  auto released = release.get_future().share();
  std::atomic<bool> finished{false};
  body_ = [&] {
    entered.set_value();
    released.wait();
    finished = true;
    return CycleResult::Ok;
  };
  ASSERT_TRUE(poller_.start());
  entered.get_future().wait();
  auto stopped = std::async(std::launch::async, [this] { return poller_.stop(); });
  release.set_value();
  // No time passes, so a stop() that waited for the interval after the cycle would never return.
  ASSERT_EQ(stopped.wait_for(10s), std::future_status::ready) << "stop() waited for the interval";
  EXPECT_TRUE(stopped.get());
  EXPECT_TRUE(finished) << "stop() returned before the cycle ended";
  EXPECT_EQ(poller_.status().cycles, 1) << "the cycle under way is counted";
  EXPECT_EQ(ran_, 1);
  EXPECT_EQ(clock_.monotonic_now(), MonotonicTime{});
}

TEST_F(PollerTest, StartsAndStopsOnceEachAndStartsAgain) {
  EXPECT_FALSE(poller_.status().ever_started);
  EXPECT_FALSE(poller_.stop()) << "not running";
  ASSERT_TRUE(poller_.start());
  EXPECT_FALSE(poller_.start()) << "already running";
  await_wait();
  EXPECT_TRUE(has("p15_poll_running 1"));
  EXPECT_TRUE(poller_.stop());
  EXPECT_FALSE(poller_.stop()) << "already stopped";
  EXPECT_TRUE(has("p15_poll_running 0"));
  PollStatus s = poller_.status();
  EXPECT_TRUE(s.ever_started);
  EXPECT_FALSE(s.running);
  EXPECT_EQ(s.cycles, 1);
  // A restart runs a cycle at once again: the stop's cancellation does not outlive it.
  ASSERT_TRUE(poller_.start());
  await_wait();
  EXPECT_EQ(ran_, 2);
  advance(kInterval);
  EXPECT_EQ(ran_, 3);
  EXPECT_TRUE(poller_.status().running);
}

TEST_F(PollerTest, AThrowingCycleCountsAsErrorAndTheLoopGoesOn) {
  // nullopt: the cycle throws.
  const std::vector<std::optional<CycleResult>> script{
      CycleResult::Ok, std::nullopt, CycleResult::Stale, std::nullopt, CycleResult::Ok};
  body_ = [&]() -> CycleResult {
    const auto& next = script[ran_ - 1];
    if (!next) throw std::runtime_error("database went away");
    return *next;
  };
  ASSERT_TRUE(poller_.start());
  await_wait();
  for (std::size_t i = 0; i < script.size(); ++i) {
    if (i > 0) advance(kInterval);
    const PollStatus s = poller_.status();
    EXPECT_EQ(s.cycles, static_cast<long long>(i + 1));
    EXPECT_EQ(s.last_result, script[i].value_or(CycleResult::Error)) << "cycle " << i;
    EXPECT_TRUE(s.running);
  }
  EXPECT_TRUE(has("p15_poll_cycles_total{result=\"error\"} 2"));
  EXPECT_TRUE(has("p15_poll_cycles_total{result=\"ok\"} 2"));
  EXPECT_TRUE(has("p15_poll_cycles_total{result=\"stale\"} 1"));
}

TEST_F(PollerTest, StatusTellsCyclesResultAndWallClockTimeOfTheLast) {
  PollStatus idle = poller_.status();
  EXPECT_EQ(idle.interval, kInterval);
  EXPECT_EQ(idle.cycles, 0);
  EXPECT_FALSE(idle.last_cycle_at.has_value());
  body_ = [] { return CycleResult::Stale; };
  ASSERT_TRUE(poller_.start());
  await_wait();
  EXPECT_EQ(poller_.status().last_cycle_at, kStart);
  EXPECT_EQ(poller_.status().last_result, CycleResult::Stale);
  // The wall clock is stepped (as by NTP) during the wait: the next cycle's time is the wall's.
  const TimePoint stepped = kStart + std::chrono::hours(5);
  clock_.set(stepped);
  advance(kInterval);
  EXPECT_EQ(poller_.status().last_cycle_at, stepped + kInterval);
  EXPECT_TRUE(has("p15_poll_last_cycle_timestamp_seconds " +
                  std::to_string((stepped + kInterval).time_since_epoch().count())));
}

TEST_F(PollerTest, CycleDurationIsMeasuredOnMonotonicTime) {
  // The cycle takes 1.5 s of simulated time, and meanwhile the wall clock is stepped back an
  // hour: the duration is the monotonic 1.5 s, not the wall's -3598.5 s.
  body_ = [this] {
    clock_.advance(1500ms);
    clock_.set(clock_.now() - std::chrono::hours(1));
    return CycleResult::Ok;
  };
  ASSERT_TRUE(poller_.start());
  await_wait();
  const std::string m = metrics_.serialize();
  EXPECT_NE(m.find("p15_poll_cycle_duration_seconds_sum 1.5\n"), std::string::npos) << m;
  EXPECT_NE(m.find("p15_poll_cycle_duration_seconds_count 1\n"), std::string::npos) << m;
  // The interval is counted from the cycle's end on the monotonic clock.
  const MonotonicTime ended = clock_.monotonic_now();
  advance(kInterval - 1ms);
  EXPECT_EQ(ran_, 1);
  advance(1ms);
  EXPECT_EQ(ran_, 2);
  EXPECT_EQ(clock_.monotonic_now() - ended, kInterval + 1500ms);
}

}  // namespace
}  // namespace p15
