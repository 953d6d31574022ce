// The words users see for the enums inside the service: metrics labels, JSON fields, log lines
// and Tesla's own words for the car's state. They are what the strings were before the enums.
#include <gtest/gtest.h>

#include "service/core/types.h"
#include "service/poll/cycle_result.h"

namespace p15 {
namespace {

TEST(Labels, CycleResultsAreTheMetricsLabels) {
  const std::pair<CycleResult, const char*> want[] = {
      {CycleResult::Ok, "ok"},
      {CycleResult::Stale, "stale"},
      {CycleResult::Invalid, "invalid"},
      {CycleResult::NoData, "no_data"},
      {CycleResult::DbError, "db_error"},
      {CycleResult::CommandFailed, "command_failed"},
      {CycleResult::Error, "error"},
  };
  for (const auto& [result, text] : want) EXPECT_EQ(to_string(result), text);
}

TEST(Labels, ARefusedPassIsLabelledByTheErrorsKind) {
  EXPECT_EQ(result_of(Error{"", ErrorKind::Stale}), CycleResult::Stale);
  EXPECT_EQ(result_of(Error{"", ErrorKind::Invalid}), CycleResult::Invalid);
  EXPECT_EQ(result_of(Error{"", ErrorKind::NotFound}), CycleResult::NoData);
  EXPECT_EQ(result_of(Error{"", ErrorKind::Unavailable}), CycleResult::DbError);
}

TEST(Labels, PlanActionsAreTheApisWords) {
  EXPECT_EQ(to_string(PlanAction::None), "none");
  EXPECT_EQ(to_string(PlanAction::SetAmps), "set_amps");
  EXPECT_EQ(to_string(PlanAction::Start), "start");
  EXPECT_EQ(to_string(PlanAction::Stop), "stop");
}

TEST(Labels, VehicleStatesAreTeslasWordsAndAnyOtherIsUnknown) {
  for (auto [state, text] :
       {std::pair{VehicleState::Online, "online"}, std::pair{VehicleState::Asleep, "asleep"},
        std::pair{VehicleState::Offline, "offline"}}) {
    EXPECT_EQ(to_string(state), text);
    EXPECT_EQ(vehicle_state_from_string(text), state);
  }
  for (const char* other : {"", "Online", "waking", "asleep "}) {
    EXPECT_EQ(vehicle_state_from_string(other), VehicleState::Unknown) << other;
  }
  EXPECT_TRUE(asleep_or_offline(VehicleState::Asleep));
  EXPECT_TRUE(asleep_or_offline(VehicleState::Offline));
  EXPECT_FALSE(asleep_or_offline(VehicleState::Online));
  EXPECT_FALSE(asleep_or_offline(VehicleState::Unknown));
}

}  // namespace
}  // namespace p15
