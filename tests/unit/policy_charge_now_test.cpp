// charge-now: the car's default, the baseline of every saving.
#include <gtest/gtest.h>

#include "service/core/charge_now_policy.h"
#include "service/core/policy.h"

namespace p15 {
namespace {

struct ChargeNowCase {
  const char* name;
  ChargingState state;
  std::optional<int> max_a;
  int want_amps;
  ChargeIntent want_intent;
};

class ChargeNow : public ::testing::TestWithParam<ChargeNowCase> {};

TEST_P(ChargeNow, AsksForTheMaximumAndStartsAStoppedCar) {
  const auto& c = GetParam();
  Snapshot s;
  s.vehicle.charging_state = c.state;
  s.vehicle.charge_current_request_max = c.max_a;
  s.powerwall.grid_w = 3000;  // importing: charge-now does not care
  const Decision d = ChargeNowPolicy(PolicySettings{}).decide(s);
  EXPECT_EQ(d.policy, "charge-now");
  EXPECT_EQ(d.amps, c.want_amps);
  EXPECT_EQ(d.intent, c.want_intent);
  EXPECT_FALSE(d.reason.empty());
  EXPECT_FALSE(d.memory.decided_at.has_value());  // stateless
}

using CS = ChargingState;
using CI = ChargeIntent;
INSTANTIATE_TEST_SUITE_P(
    States, ChargeNow,
    ::testing::Values(ChargeNowCase{"stopped_starts_at_max", CS::Stopped, 32, 32, CI::Start},
                      ChargeNowCase{"stopped_default_max_32", CS::Stopped, std::nullopt, 32,
                                    CI::Start},
                      ChargeNowCase{"charging_keeps_at_48", CS::Charging, 48, 48, CI::Keep},
                      ChargeNowCase{"starting_keeps", CS::Starting, 16, 16, CI::Keep},
                      ChargeNowCase{"complete_keeps", CS::Complete, 32, 32, CI::Keep},
                      ChargeNowCase{"disconnected_keeps", CS::Disconnected, 32, 32, CI::Keep},
                      ChargeNowCase{"nopower_keeps", CS::NoPower, 32, 32, CI::Keep}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(ChargeNowRegistry, MadeByName) {
  auto p = make_policy("charge-now", {});
  ASSERT_TRUE(p.ok());
  EXPECT_EQ((*p)->name(), "charge-now");
}

}  // namespace
}  // namespace p15
