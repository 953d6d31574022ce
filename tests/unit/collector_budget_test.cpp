// The collector's budget: intervals from collector.max_dollars_per_month at Tesla's data price,
// and the month's pacing.
#include <date/date.h>
#include <gtest/gtest.h>

#include "collector/budget.h"

namespace p15::collector {
namespace {

struct BudgetCase {
  std::string name;
  double dollars;
  long long refresh_s;
  bool wall_connector;
  long long want_refresh_s;
  long long want_summary_s;
  bool want_polls;
};

class CollectorBudget : public ::testing::TestWithParam<BudgetCase> {};

TEST_P(CollectorBudget, DerivesTheIntervals) {
  const auto& c = GetParam();
  BudgetInput in;
  in.dollars_per_month = c.dollars;
  in.vehicle_refresh = Seconds{c.refresh_s};
  in.has_wall_connector = c.wall_connector;
  const Budget b = derive_budget(in);
  EXPECT_EQ(b.vehicle_refresh.count(), c.want_refresh_s);
  EXPECT_EQ(b.summary_interval.count(), c.want_summary_s);
  EXPECT_EQ(b.summary_polls, c.want_polls);
}

// $8 buys 4,000 data requests a month, 131.4 a day: 72 charging reads (6 h at 300 s), 12
// follow-ups, 47.4 left for the car's state: one every 1,822 s.
INSTANTIATE_TEST_SUITE_P(
    Cases, CollectorBudget,
    ::testing::Values(
        BudgetCase{"default_8_dollars", 8, 300, false, 300, 1822, true},
        BudgetCase{"wall_connector_needs_no_polls", 8, 300, true, 300, 1822, false},
        BudgetCase{"2_dollars_widens_the_refresh", 2, 300, false, 1096, 75749, true},
        BudgetCase{"nothing_left_polls_once_a_day", 0.5, 300, false, 4384, 86400, true},
        BudgetCase{"rich_budget_stays_at_5_min_floor", 1000, 300, false, 300, 300, true}),
    [](const auto& info) { return info.param.name; });

TEST(CollectorBudgetPace, SpendsTheMonthProRataWithADaysSlack) {
  EXPECT_TRUE(may_spend(0, 0.002, 8, 0));
  EXPECT_TRUE(may_spend(0.26, 0.002, 8, 0));  // a day's share is $0.263
  EXPECT_FALSE(may_spend(0.263, 0.002, 8, 0));
  EXPECT_TRUE(may_spend(4.2, 0.002, 8, 0.5));
  EXPECT_FALSE(may_spend(7.999, 0.002, 8, 1.0));  // never past the month's budget
  EXPECT_TRUE(may_spend(100, 0, 8, 0));           // free requests always
}

TEST(CollectorBudgetPace, MonthFractionIsByTheUtcCalendarMonth) {
  using namespace date;
  const TimePoint start = sys_days{2026_y / 2 / 1};
  EXPECT_DOUBLE_EQ(month_fraction(start), 0.0);
  EXPECT_DOUBLE_EQ(month_fraction(start + std::chrono::hours(14 * 24)), 0.5);
}

}  // namespace
}  // namespace p15::collector
