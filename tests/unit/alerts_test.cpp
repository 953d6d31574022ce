// The owner's alert rules (service/core/alerts.h): which alerts one pass shows, since when, and
// what started or cleared, including passes refused before a decision.
#include "service/core/alerts.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <set>
#include <string>
#include <vector>

namespace p15 {
namespace {

using K = AlertKind;
const TimePoint kEarlier{Seconds{1780000000}};
const TimePoint kNow{Seconds{1780000600}};

// A decided pass on a healthy home: sun, the Powerwall at 60 % over a 20 % reserve, the car
// plugged in at 45 % of 80 %, the grid up, Tesla answering.
PassFacts healthy() {
  PassFacts f;
  f.now = kNow;
  f.end = PassEnd::Decided;
  PowerwallReading pw;
  pw.percentage_charged = 60;
  pw.backup_reserve_percent = 20;
  pw.grid_status = "Active";
  pw.island_status = "on_grid";
  VehicleReading car;
  car.state = VehicleState::Online;
  car.charging_state = ChargingState::Stopped;
  car.battery_level = 45;
  car.charge_limit_soc = 80;
  f.powerwall = pw;
  f.vehicle = car;
  f.wake_budget = "3/h, 3/day";
  return f;
}

PassFacts refused(PassEnd end, std::string why) {
  PassFacts f = healthy();
  f.end = end;
  f.refusal = std::move(why);
  f.powerwall.reset();
  f.vehicle.reset();
  return f;
}

using Edit = std::function<void(PassFacts&)>;

struct AlertCase {
  std::string name;
  std::vector<K> before;  // active before this pass (since kEarlier)
  std::function<PassFacts()> facts;
  std::vector<K> active, started, cleared;
  std::string says;  // in the message of the first active alert ("" = no check)
};

PassFacts with(PassFacts f, const Edit& e) {
  e(f);
  return f;
}

std::vector<K> kinds(const std::vector<Alert>& alerts) {
  std::vector<K> out;
  for (const auto& a : alerts) out.push_back(a.kind);
  return out;
}

AlertState state_of(const std::vector<K>& active) {
  AlertState s;
  for (K k : active) s.active.push_back(Alert{k, kEarlier, "before", "act"});
  return s;
}

class AlertRules : public ::testing::TestWithParam<AlertCase> {};

TEST_P(AlertRules, ActiveStartedAndClearedAsThePassSaw) {
  const AlertCase& c = GetParam();
  const AlertStep step = step_alerts(state_of(c.before), c.facts());
  EXPECT_EQ(kinds(step.next.active), c.active);
  EXPECT_EQ(kinds(step.started), c.started);
  EXPECT_EQ(kinds(step.cleared), c.cleared);
  for (const Alert& a : step.next.active) {
    const bool was = std::find(c.before.begin(), c.before.end(), a.kind) != c.before.end();
    EXPECT_EQ(a.since, was ? kEarlier : kNow) << to_string(a.kind);
    EXPECT_FALSE(a.message.empty()) << to_string(a.kind);
    EXPECT_FALSE(a.action.empty()) << to_string(a.kind);
  }
  if (!c.says.empty()) {
    ASSERT_FALSE(step.next.active.empty());
    EXPECT_NE(step.next.active.front().message.find(c.says), std::string::npos)
        << step.next.active.front().message;
  }
}

const std::string kStaleWhy = "battery_model row 7 is 903 s old (limit 300 s, poll.stale_after_s)";

INSTANTIATE_TEST_SUITE_P(
    Table, AlertRules,
    ::testing::Values(
        AlertCase{"healthy_home_shows_none", {}, healthy, {}, {}, {}, ""},
        AlertCase{"stale_rows_start_collector_stale",
                  {},
                  [] { return refused(PassEnd::Stale, kStaleWhy); },
                  {K::CollectorStale},
                  {K::CollectorStale},
                  {},
                  "903 s old (limit 300 s"},
        AlertCase{"no_rows_is_collector_stale",
                  {},
                  [] { return refused(PassEnd::NoData, "battery_model has no rows"); },
                  {K::CollectorStale},
                  {K::CollectorStale},
                  {},
                  "battery_model has no rows"},
        AlertCase{"still_stale_keeps_since_and_starts_nothing",
                  {K::CollectorStale},
                  [] { return refused(PassEnd::Stale, kStaleWhy); },
                  {K::CollectorStale},
                  {},
                  {},
                  "903 s"},
        AlertCase{"fresh_rows_clear_collector_stale",
                  {K::CollectorStale},
                  healthy,
                  {},
                  {},
                  {K::CollectorStale},
                  ""},
        AlertCase{"malformed_row_clears_stale_the_collector_writes",
                  {K::CollectorStale},
                  [] { return refused(PassEnd::Invalid, "battery_model row 9: data is NULL"); },
                  {},
                  {},
                  {K::CollectorStale},
                  ""},
        AlertCase{"database_down_starts_and_keeps_what_it_cannot_judge",
                  {K::CollectorStale, K::PowerwallFloor},
                  [] { return refused(PassEnd::DatabaseDown, "MariaDB 127.0.0.1:3306/p15: gone"); },
                  {K::CollectorStale, K::PowerwallFloor, K::DatabaseDown},
                  {K::DatabaseDown},
                  {},
                  ""},
        AlertCase{"database_back_clears_database_down",
                  {K::DatabaseDown},
                  [] { return refused(PassEnd::Stale, kStaleWhy); },
                  {K::CollectorStale},
                  {K::CollectorStale},
                  {K::DatabaseDown},
                  ""},
        AlertCase{"failed_pass_changes_nothing",
                  {K::GridOutage},
                  [] { return refused(PassEnd::Failed, "clock: p15-sim does not answer"); },
                  {K::GridOutage},
                  {},
                  {},
                  ""},
        AlertCase{"rate_limit_is_tesla_refusing_429",
                  {},
                  [] {
                    return with(healthy(), [](PassFacts& f) {
                      f.tesla = TeslaRefusal{429, "rate limited", kNow + Seconds{120}};
                    });
                  },
                  {K::TeslaRefusing},
                  {K::TeslaRefusing},
                  {},
                  "Tesla answered 429: rate limited; no request is sent before 2026-05-28T"},
        AlertCase{"unrenewed_token_is_tesla_refusing_401",
                  {},
                  [] {
                    return with(healthy(), [](PassFacts& f) {
                      f.tesla = TeslaRefusal{401, "token rejected (401)", std::nullopt};
                    });
                  },
                  {K::TeslaRefusing},
                  {K::TeslaRefusing},
                  {},
                  "Tesla answered 401"},
        AlertCase{"unpaired_key_is_tesla_refusing_403_even_while_stale",
                  {},
                  [] {
                    return with(refused(PassEnd::Stale, kStaleWhy), [](PassFacts& f) {
                      f.tesla = TeslaRefusal{403, "virtual key not paired", std::nullopt};
                    });
                  },
                  {K::CollectorStale, K::TeslaRefusing},
                  {K::CollectorStale, K::TeslaRefusing},
                  {},
                  ""},
        AlertCase{"unpaired_key_behind_the_proxy_has_no_status",
                  {},
                  [] {
                    return with(healthy(), [](PassFacts& f) {
                      f.tesla = TeslaRefusal{0, "virtual key not paired", std::nullopt};
                    });
                  },
                  {K::TeslaRefusing},
                  {K::TeslaRefusing},
                  {},
                  "Tesla refuses commands: virtual key not paired; no command is sent until"},
        AlertCase{"rate_limit_passed_clears",
                  {K::TeslaRefusing},
                  healthy,
                  {},
                  {},
                  {K::TeslaRefusing},
                  ""},
        AlertCase{"wake_budget_spent",
                  {},
                  [] {
                    return with(healthy(), [](PassFacts& f) {
                      f.wake_budget_spent = true;
                      f.vehicle->state = VehicleState::Asleep;
                    });
                  },
                  {K::WakeBudgetSpent},
                  {K::WakeBudgetSpent},
                  {},
                  "the car is asleep and needs a command, but the wake budget (3/h, 3/day)"},
        AlertCase{"wake_budget_unknown_while_stale",
                  {K::WakeBudgetSpent},
                  [] { return refused(PassEnd::Stale, kStaleWhy); },
                  {K::CollectorStale, K::WakeBudgetSpent},
                  {K::CollectorStale},
                  {},
                  ""},
        AlertCase{"powerwall_at_reserve_car_wants_energy",
                  {},
                  [] {
                    return with(healthy(),
                                [](PassFacts& f) { f.powerwall->percentage_charged = 20.6; });
                  },
                  {K::PowerwallFloor},
                  {K::PowerwallFloor},
                  {},
                  "the Powerwall is at 21 % (its reserve 20 %) while the car, at 45 % of 80 %"},
        AlertCase{"powerwall_at_reserve_car_unplugged_is_fine",
                  {},
                  [] {
                    return with(healthy(), [](PassFacts& f) {
                      f.powerwall->percentage_charged = 20;
                      f.vehicle->charging_state = ChargingState::Disconnected;
                    });
                  },
                  {},
                  {},
                  {},
                  ""},
        AlertCase{"powerwall_at_reserve_car_at_its_limit_is_fine",
                  {K::PowerwallFloor},
                  [] {
                    return with(healthy(), [](PassFacts& f) {
                      f.powerwall->percentage_charged = 20;
                      f.vehicle->battery_level = 80;
                    });
                  },
                  {},
                  {},
                  {K::PowerwallFloor},
                  ""},
        AlertCase{"powerwall_just_above_margin_is_fine",
                  {},
                  [] {
                    return with(healthy(),
                                [](PassFacts& f) { f.powerwall->percentage_charged = 21.5; });
                  },
                  {},
                  {},
                  {},
                  ""},
        AlertCase{"islanded_is_grid_outage",
                  {},
                  [] {
                    return with(healthy(), [](PassFacts& f) {
                      f.powerwall->grid_status = "Inactive";
                      f.powerwall->island_status = "off_grid_unintentional";
                    });
                  },
                  {K::GridOutage},
                  {K::GridOutage},
                  {},
                  "the grid is down (grid_status Inactive"},
        AlertCase{
            "grid_back_clears_outage", {K::GridOutage}, healthy, {}, {}, {K::GridOutage}, ""}),
    [](const auto& info) { return info.param.name; });

TEST(AlertKinds, HaveStableDistinctIds) {
  std::set<std::string> ids;
  for (K k : alert_kinds()) ids.insert(to_string(k));
  EXPECT_EQ(ids, (std::set<std::string>{"collector_stale", "tesla_refusing", "wake_budget_spent",
                                        "powerwall_floor", "grid_outage", "database_down"}));
}

TEST(AlertSteps, AStayingAlertTakesTheNewFigures) {
  AlertState s = step_alerts({}, refused(PassEnd::Stale, kStaleWhy)).next;
  PassFacts later = refused(PassEnd::Stale, "battery_model row 7 is 963 s old (limit 300 s)");
  later.now = kNow + Seconds{60};
  AlertStep step = step_alerts(s, later);
  ASSERT_EQ(step.next.active.size(), 1u);
  EXPECT_EQ(step.next.active[0].since, kNow);
  EXPECT_NE(step.next.active[0].message.find("963 s"), std::string::npos);
  EXPECT_TRUE(step.started.empty());
}

}  // namespace
}  // namespace p15
