#include "service/core/command_plan.h"

#include <gtest/gtest.h>

namespace p15 {
namespace {

struct PlanCase {
  const char* name;
  ChargingState state;
  std::optional<int> current_request;
  int amps;
  ChargeIntent intent;
  PlanAction want_action;
  std::vector<std::pair<CommandKind, int>> want;
};

class PlanCommands : public ::testing::TestWithParam<PlanCase> {};

TEST_P(PlanCommands, SendsOnlyWhatIsNeeded) {
  const auto& c = GetParam();
  VehicleReading car;
  car.charging_state = c.state;
  car.charge_current_request = c.current_request;
  Decision d;
  d.amps = c.amps;
  d.intent = c.intent;
  CommandPlan plan = plan_commands(d, car);
  EXPECT_EQ(to_string(plan.action), to_string(c.want_action));
  ASSERT_EQ(plan.commands.size(), c.want.size()) << plan.reason;
  for (size_t i = 0; i < c.want.size(); ++i) {
    EXPECT_EQ(plan.commands[i].kind, c.want[i].first);
    if (c.want[i].first == CommandKind::SetChargingAmps)
      EXPECT_EQ(plan.commands[i].amps, c.want[i].second);
  }
  EXPECT_FALSE(plan.reason.empty());
}

using CK = CommandKind;
using CS = ChargingState;
using CI = ChargeIntent;
using PA = PlanAction;
INSTANTIATE_TEST_SUITE_P(
    Rules, PlanCommands,
    ::testing::Values(
        PlanCase{"disconnected_gets_nothing_even_to_start",
                 CS::Disconnected,
                 10,
                 32,
                 CI::Start,
                 PA::None,
                 {}},
        PlanCase{"charging_same_amps_not_resent", CS::Charging, 16, 16, CI::Keep, PA::None, {}},
        PlanCase{"charging_new_amps",
                 CS::Charging,
                 16,
                 20,
                 CI::Keep,
                 PA::SetAmps,
                 {{CK::SetChargingAmps, 20}}},
        PlanCase{"charging_unknown_request_sends",
                 CS::Charging,
                 std::nullopt,
                 12,
                 CI::Keep,
                 PA::SetAmps,
                 {{CK::SetChargingAmps, 12}}},
        PlanCase{"starting_new_amps",
                 CS::Starting,
                 16,
                 8,
                 CI::Keep,
                 PA::SetAmps,
                 {{CK::SetChargingAmps, 8}}},
        PlanCase{"charging_stop_only_stop",
                 CS::Charging,
                 16,
                 3,
                 CI::Stop,
                 PA::Stop,
                 {{CK::ChargeStop, 0}}},
        PlanCase{"stopped_start_with_new_amps",
                 CS::Stopped,
                 16,
                 24,
                 CI::Start,
                 PA::Start,
                 {{CK::SetChargingAmps, 24}, {CK::ChargeStart, 0}}},
        PlanCase{"stopped_start_same_amps",
                 CS::Stopped,
                 24,
                 24,
                 CI::Start,
                 PA::Start,
                 {{CK::ChargeStart, 0}}},
        PlanCase{"stopped_no_start_no_amps", CS::Stopped, 16, 24, CI::Keep, PA::None, {}},
        // Below 5 A (policy.min_amps allowing it) the car needs the request twice.
        PlanCase{"charging_below_5_a_sent_twice",
                 CS::Charging,
                 6,
                 3,
                 CI::Keep,
                 PA::SetAmps,
                 {{CK::SetChargingAmps, 3}, {CK::SetChargingAmps, 3}}},
        PlanCase{"start_below_5_a_sent_twice",
                 CS::Stopped,
                 16,
                 4,
                 CI::Start,
                 PA::Start,
                 {{CK::SetChargingAmps, 4}, {CK::SetChargingAmps, 4}, {CK::ChargeStart, 0}}},
        PlanCase{"five_amps_sent_once",
                 CS::Charging,
                 6,
                 5,
                 CI::Keep,
                 PA::SetAmps,
                 {{CK::SetChargingAmps, 5}}},
        PlanCase{"complete_gets_nothing", CS::Complete, 16, 24, CI::Start, PA::None, {}},
        PlanCase{"nopower_gets_nothing", CS::NoPower, 16, 24, CI::Keep, PA::None, {}}),
    [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace p15
