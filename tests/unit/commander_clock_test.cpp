// The Commander's durations on simulated time: its wait for a woken car is bounded on the
// monotonic clock, so neither slow answers nor a wall clock stepped back can stretch it.
#include <gtest/gtest.h>

#include "service/clock/manual_clock.h"
#include "service/vehicle/commander.h"

namespace p15 {
namespace {

using namespace std::chrono_literals;

// An asleep car whose state polls each take 10 s while NTP steps the wall clock back as much:
// only monotonic time shows the wait going on.
class SlowPollsUnderAWallStep final : public VehicleClient {
 public:
  explicit SlowPollsUnderAWallStep(ManualClock& clock) : clock_(clock) {}
  std::string name() const override { return "slow"; }
  ClientResponse send(const VehicleCommand&) override {
    return ClientResponse{Outcome::Asleep, 408, "vehicle unavailable"};
  }
  ClientResponse wake_up() override { return asleep_state(); }
  ClientResponse poll_state() override {
    ++polls;
    const TimePoint wall = clock_.now();
    clock_.advance(10s);
    clock_.set(wall);
    return asleep_state();
  }
  int polls = 0;

 private:
  static ClientResponse asleep_state() {
    return ClientResponse{Outcome::Done, 200, "", Seconds{0}, VehicleState::Asleep};
  }
  ManualClock& clock_;
};

TEST(CommanderClock, WakeWaitEndsOnMonotonicTimeWhateverTheWallClockDoes) {
  ManualClock clock(TimePoint{Seconds{1'780'000'000}});
  SlowPollsUnderAWallStep client(clock);
  CommanderSettings settings;
  settings.wake_timeout = 20s;  // polled every 5 s (the default)
  Commander commander(client, clock, settings);
  const MonotonicTime before = clock.monotonic_now();
  CommandReport r =
      commander.execute(CommandPlan{PlanAction::SetAmps, {{CommandKind::SetChargingAmps, 16}}, ""});
  EXPECT_FALSE(r.done);
  // 5 s asleep + 10 s poll, twice: 30 s > 20 s, while the wall clock moved only 10 s. On the
  // wall clock the wait would have gone on to a fourth poll.
  EXPECT_EQ(client.polls, 2) << r.summary;
  EXPECT_EQ(r.wakes, 1);
  EXPECT_EQ(clock.monotonic_now() - before, 30s);
  EXPECT_NE(r.summary.find("car not online 20 s after wake-up"), std::string::npos) << r.summary;
}

}  // namespace
}  // namespace p15
