// The reconnect schedule: doubling from the first wait, capped, none before a failure.
#include "service/core/backoff.h"

#include <gtest/gtest.h>

namespace p15 {
namespace {

struct BackoffCase {
  std::string name;
  int failures;
  long long initial_s, max_s;
  long long want_s;
};

class BackoffDelay : public ::testing::TestWithParam<BackoffCase> {};

TEST_P(BackoffDelay, DoublesUpToTheCap) {
  const auto& c = GetParam();
  BackoffSettings s{Seconds{c.initial_s}, Seconds{c.max_s}};
  EXPECT_EQ(backoff_delay(c.failures, s).count(), c.want_s);
}

INSTANTIATE_TEST_SUITE_P(Schedule, BackoffDelay,
                         ::testing::Values(BackoffCase{"no_failure_no_wait", 0, 1, 30, 0},
                                           BackoffCase{"negative_count_no_wait", -3, 1, 30, 0},
                                           BackoffCase{"first_failure_waits_initial", 1, 1, 30, 1},
                                           BackoffCase{"second_doubles", 2, 1, 30, 2},
                                           BackoffCase{"fifth_is_16", 5, 1, 30, 16},
                                           BackoffCase{"sixth_capped_at_30", 6, 1, 30, 30},
                                           BackoffCase{"huge_count_stays_capped", 1000000, 1, 30,
                                                       30},
                                           BackoffCase{"cap_below_initial_wins", 1, 5, 2, 2},
                                           BackoffCase{"initial_three", 3, 3, 60, 12},
                                           BackoffCase{"cap_equal_to_initial", 4, 2, 2, 2}),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace p15
