// p15-backtest's command line: defaults, lists and their "all", and refusals that name the option.
#include <gtest/gtest.h>

#include "bench/cli.h"
#include "service/core/policy.h"
#include "tests/unit/cli_cases.h"

namespace p15::bench {
namespace {

TEST(BacktestCli, Defaults) {
  auto o = parse_args({}, "/data");
  ASSERT_TRUE(o.ok()) << o.error().message;
  EXPECT_EQ(o->days, 365);
  EXPECT_EQ(o->datasets, (std::vector<std::string>{"opsd", "ausgrid"}));
  EXPECT_EQ(o->tariffs, (std::vector<std::string>{"flat", "tou-nbt"}));
  // And the planner's other outlooks and car (planner-ma, planner-oracle, planner-pc), and the
  // three LPs (optimum, self-powered, levers).
  EXPECT_EQ(o->policies.size(), policy_names().size() + 6);
  EXPECT_EQ(o->powerwall, "self-powered");
  EXPECT_EQ(o->profiles, (std::vector<std::string>{"commute", "home"}));
  EXPECT_EQ(o->out_dir, "backtest-out");
  EXPECT_EQ(o->step_s, 30);
  EXPECT_EQ(o->jobs, 2);
  EXPECT_EQ(o->lp_method, "interior");
  EXPECT_TRUE(o->progress);
  EXPECT_FALSE(o->help);
}

TEST(BacktestCli, Flags) {
  auto o = parse_args(words("--days 7 --dataset ausgrid --tariff flat,my.yml --policy "
                            "legacy,optimum --profile=home --seed 9 --step-s 60 --jobs 1 "
                            "--lp simplex --powerwall tbc --no-progress --out /tmp/o"),
                      "/data");
  ASSERT_TRUE(o.ok()) << o.error().message;
  EXPECT_EQ(o->days, 7);
  EXPECT_EQ(o->datasets, std::vector<std::string>{"ausgrid"});
  EXPECT_EQ(o->tariffs, (std::vector<std::string>{"flat", "my.yml"}));
  EXPECT_EQ(o->policies, (std::vector<std::string>{"legacy", "optimum"}));
  EXPECT_EQ(o->profiles, std::vector<std::string>{"home"});
  EXPECT_EQ(o->seed, 9u);
  EXPECT_EQ(o->step_s, 60);
  EXPECT_EQ(o->jobs, 1);
  EXPECT_EQ(o->lp_method, "simplex");
  EXPECT_EQ(o->powerwall, "tbc");
  EXPECT_FALSE(o->progress);
  EXPECT_EQ(o->out_dir, "/tmp/o");
}

TEST(BacktestCli, Help) {
  auto o = parse_args({"-h"}, "/data");
  ASSERT_TRUE(o.ok()) << o.error().message;
  EXPECT_TRUE(o->help);
}

class BacktestCliRejects : public ::testing::TestWithParam<BadArgs> {};

TEST_P(BacktestCliRejects, NamingTheOption) {
  EXPECT_TRUE(refused_naming(parse_args(GetParam().args, "/data"), GetParam().names));
}

INSTANTIATE_TEST_SUITE_P(
    Bad, BacktestCliRejects,
    ::testing::Values(BadArgs{"days_trailing_text", {"--days", "3x"}, "--days"},
                      BadArgs{"days_fraction", {"--days", "2.5"}, "--days"},
                      BadArgs{"days_octal_looking", {"--days", "0x10"}, "--days"},
                      BadArgs{"days_zero", {"--days", "0"}, "--days"},
                      BadArgs{"days_above_a_year", {"--days", "367"}, "--days"},
                      BadArgs{"days_missing", {"--days"}, "--days"},
                      BadArgs{"jobs_malformed", {"--jobs", "2e"}, "--jobs"},
                      BadArgs{"jobs_too_many", {"--jobs", "65"}, "--jobs"},
                      BadArgs{"seed_malformed", {"--seed", "1-2"}, "--seed"},
                      BadArgs{"step_malformed", {"--step-s", "30s"}, "--step-s"},
                      BadArgs{"step_not_dividing", {"--step-s", "7"}, "--step-s"},
                      BadArgs{"unknown_dataset", {"--dataset", "uk"}, "--dataset"},
                      BadArgs{"empty_policy", {"--policy", ","}, "--policy"},
                      BadArgs{"unknown_policy", {"--policy", "legacy,best"}, "--policy"},
                      BadArgs{"unknown_profile", {"--profile", "away"}, "--profile"},
                      BadArgs{"tariff_not_a_file", {"--tariff", "flat,my.json"}, "--tariff"},
                      BadArgs{"unknown_lp", {"--lp", "exact"}, "--lp"},
                      BadArgs{"unknown_powerwall", {"--powerwall", "backup"}, "--powerwall"},
                      BadArgs{"unknown_flag", {"--nope", "1"}, "--nope"}),
    bad_args_name);

}  // namespace
}  // namespace p15::bench
