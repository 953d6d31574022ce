// The alert monitor beside the Cycle (service/poll/alert_monitor.h): fed every manage() pass,
// refused or not, it notifies once per start and once per end, keeps p15_alerts_active, and
// reads Tesla's refusals from the Commander.
#include "service/poll/alert_monitor.h"

#include <gtest/gtest.h>

#include <mutex>

#include "api/alert_routes.h"
#include "service/clock/manual_clock.h"
#include "service/core/tesla_usage.h"

namespace p15 {
namespace {

using namespace std::chrono_literals;

const TimePoint kStart{Seconds{1780000000}};

// Answers every request with `next`.
class FixedClient final : public VehicleClient {
 public:
  ClientResponse next{Outcome::Done, 200, "", Seconds{0}, VehicleState::Online};
  std::string name() const override { return "fixed"; }
  ClientResponse send(const VehicleCommand&) override { return next; }
  ClientResponse wake_up() override { return next; }
  ClientResponse poll_state() override { return next; }
};

class Recorder final : public Notifier {
 public:
  Status send(const Notification& n) override {
    std::lock_guard lock(mu_);
    sent_.push_back(n);
    return ok_status();
  }
  std::vector<Notification> sent() {
    std::lock_guard lock(mu_);
    return sent_;
  }

 private:
  std::mutex mu_;
  std::vector<Notification> sent_;
};

Result<ManageResult> stale() {
  return Error{"battery_model row 3 is 400 s old (limit 300 s, poll.stale_after_s)",
               ErrorKind::Stale};
}

Result<ManageResult> decided(VehicleState state = VehicleState::Online,
                             bool needs_command = false) {
  ManageResult m;
  m.recorded.snapshot.powerwall.percentage_charged = 70;
  m.recorded.snapshot.powerwall.backup_reserve_percent = 20;
  m.recorded.snapshot.vehicle.state = state;
  if (needs_command) m.plan.commands.push_back(VehicleCommand{CommandKind::ChargeStart, 0});
  m.report.done = !needs_command;
  return m;
}

double gauge(const Metrics& metrics, const std::string& kind) {
  const std::string text = metrics.serialize();
  const std::string key = "p15_alerts_active{kind=\"" + kind + "\"} ";
  auto at = text.find(key);
  return at == std::string::npos ? -1 : std::stod(text.substr(at + key.size()));
}

struct MonitorTest : ::testing::Test {
  ManualClock clock{kStart};
  FixedClient client;
  CommanderSettings settings = [] {
    CommanderSettings s;
    s.max_wakes_per_hour = 1;
    s.max_wakes_per_day = 1;
    return s;
  }();
  Commander commander{client, clock, settings};
  Metrics metrics;
  Recorder recorder;
  NotificationQueue queue{recorder, NotificationQueueSettings{}};
  AlertMonitor monitor{commander, clock, metrics, &queue};
};

TEST_F(MonitorTest, OneNotificationPerStartAndPerEndOverManyPasses) {
  EXPECT_EQ(gauge(metrics, "collector_stale"), 0);
  for (int i = 0; i < 4; ++i) {
    monitor.observe(stale());
    clock.advance(30s);
  }
  ASSERT_TRUE(queue.wait_idle(2s));
  ASSERT_EQ(monitor.active_alerts().size(), 1u);
  EXPECT_EQ(monitor.active_alerts()[0].kind, AlertKind::CollectorStale);
  EXPECT_EQ(monitor.active_alerts()[0].since, kStart);
  EXPECT_EQ(gauge(metrics, "collector_stale"), 1);
  ASSERT_EQ(recorder.sent().size(), 1u);
  for (int i = 0; i < 4; ++i) {
    monitor.observe(decided());
    clock.advance(30s);
  }
  ASSERT_TRUE(queue.wait_idle(2s));
  EXPECT_TRUE(monitor.active_alerts().empty());
  EXPECT_EQ(gauge(metrics, "collector_stale"), 0);
  auto sent = recorder.sent();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].event, AlertEvent::Started);
  EXPECT_EQ(sent[1].event, AlertEvent::Cleared);
  EXPECT_EQ(sent[1].at, kStart + 4 * 30s);
  EXPECT_EQ(sent[1].alert.since, kStart);
}

TEST_F(MonitorTest, TeslaRateLimitIsRefusing429UntilItPasses) {
  client.next = ClientResponse{Outcome::RateLimited, 429, "rate limited", Seconds{120}};
  CommandPlan plan{PlanAction::Start, {VehicleCommand{CommandKind::ChargeStart, 0}}, ""};
  commander.execute(plan);
  monitor.tesla_answer(429);
  monitor.observe(decided());
  auto active = monitor.active_alerts();
  ASSERT_EQ(active.size(), 1u);
  EXPECT_EQ(active[0].kind, AlertKind::TeslaRefusing);
  EXPECT_NE(active[0].message.find("Tesla answered 429"), std::string::npos) << active[0].message;
  clock.advance(121s);
  monitor.observe(decided());
  EXPECT_TRUE(monitor.active_alerts().empty());
}

TEST_F(MonitorTest, TeslaForbiddenSaysTheStatusSeen) {
  client.next = ClientResponse{Outcome::Forbidden, 403, "vehicle rejected: key not paired"};
  CommandPlan plan{PlanAction::Start, {VehicleCommand{CommandKind::ChargeStart, 0}}, ""};
  commander.execute(plan);
  monitor.tesla_answer(403);
  monitor.observe(stale());
  auto active = monitor.active_alerts();
  ASSERT_EQ(active.size(), 2u);
  EXPECT_EQ(active[1].kind, AlertKind::TeslaRefusing);
  EXPECT_NE(active[1].message.find("Tesla answered 403: vehicle: vehicle rejected"),
            std::string::npos)
      << active[1].message;
}

TEST_F(MonitorTest, AnUnpairedKeyIsRefusingWithoutAStatusTeslaNeverSent) {
  client.next = ClientResponse{Outcome::Forbidden, 500, "virtual key not paired with the car"};
  CommandPlan plan{PlanAction::Start, {VehicleCommand{CommandKind::ChargeStart, 0}}, ""};
  commander.execute(plan);
  monitor.tesla_answer(500);
  monitor.observe(decided());
  auto active = monitor.active_alerts();
  ASSERT_EQ(active.size(), 1u);
  EXPECT_EQ(active[0].message.rfind("Tesla refuses commands: vehicle: virtual key not paired", 0),
            0u)
      << active[0].message;
}

TEST_F(MonitorTest, AnUnrenewedTokenIs401) {
  client.next = ClientResponse{Outcome::Unauthorized, 401, "token rejected (401) and not renewed"};
  CommandPlan plan{PlanAction::Start, {VehicleCommand{CommandKind::ChargeStart, 0}}, ""};
  commander.execute(plan);
  monitor.tesla_answer(401);
  monitor.observe(decided());
  auto active = monitor.active_alerts();
  ASSERT_EQ(active.size(), 1u);
  EXPECT_EQ(active[0].message.rfind("Tesla answered 401: vehicle: token rejected (401)", 0), 0u)
      << active[0].message;
  EXPECT_NE(active[0].action.find("Renew the Fleet API token"), std::string::npos);
}

TEST_F(MonitorTest, WakeBudgetSpentOnlyWhenAWakeIsNeededAndNoneIsLeft) {
  monitor.observe(decided(VehicleState::Asleep, true));
  EXPECT_TRUE(monitor.active_alerts().empty()) << "a wake-up is still in the budget";
  CommandPlan plan{PlanAction::Start, {VehicleCommand{CommandKind::ChargeStart, 0}}, ""};
  commander.execute(plan, VehicleState::Asleep);  // spends the one wake-up
  monitor.observe(decided(VehicleState::Asleep, true));
  ASSERT_EQ(monitor.active_alerts().size(), 1u);
  EXPECT_EQ(monitor.active_alerts()[0].kind, AlertKind::WakeBudgetSpent);
  monitor.observe(decided(VehicleState::Online, false));
  EXPECT_TRUE(monitor.active_alerts().empty());
}

TEST_F(MonitorTest, DatabaseErrorsAreDatabaseDownAndTheClockIsNot) {
  monitor.observe(Error{"MariaDB 127.0.0.1:3306/p15: not connected", ErrorKind::Unavailable});
  ASSERT_EQ(monitor.active_alerts().size(), 1u);
  EXPECT_EQ(monitor.active_alerts()[0].kind, AlertKind::DatabaseDown);
  monitor.observe(Error{"clock: p15-sim does not answer", ErrorKind::Unavailable});
  ASSERT_EQ(monitor.active_alerts().size(), 1u) << "a clock failure says nothing of the DB";
}

TEST(AlertJson, ListsKindSinceMessageAction) {
  Alert a{AlertKind::GridOutage, kStart, "the grid is \"down\"", "wait"};
  EXPECT_EQ(api::alerts_json({}), R"({"alerts":[]})");
  EXPECT_EQ(api::alerts_json({a}),
            R"({"alerts":[{"kind":"grid_outage","since":"2026-05-28T20:26:40Z",)"
            R"("message":"the grid is \"down\"","action":"wait"}]})");
}

TEST(TeslaUsage, SumsEveryCategoryAgainstTheCredit) {
  std::vector<TeslaUsage> rows = {usage_of(TeslaCategory::Wake, true),
                                  usage_of(TeslaCategory::Data, true),
                                  usage_of(TeslaCategory::Data, false)};
  rows.push_back(TeslaUsage{"command", 1000, 1000, 1.0});
  const TeslaUsageMonth m = usage_month_report("2026-12", rows);
  ASSERT_EQ(m.categories.size(), tesla_prices().size());
  EXPECT_EQ(m.categories[0].category, "command");
  EXPECT_EQ(m.categories[0].requests, 1000);
  EXPECT_EQ(m.categories[1].category, "data");
  EXPECT_EQ(m.categories[1].requests, 2);
  EXPECT_EQ(m.categories[1].billed, 1);
  EXPECT_DOUBLE_EQ(m.categories[1].dollars, 0.002);
  EXPECT_DOUBLE_EQ(m.categories[2].dollars, 0.02);
  EXPECT_DOUBLE_EQ(m.dollars, 1.022);
  EXPECT_DOUBLE_EQ(m.share_of_credit, 0.1022);
  EXPECT_EQ(
      api::tesla_usage_json(m).rfind(
          R"({"month":"2026-12","categories":[{"category":"command","requests":1000,"billed":1000,"dollars":1},)",
          0),
      0u)
      << api::tesla_usage_json(m);
}

TEST(TeslaUsage, MonthsAreUtc) {
  EXPECT_EQ(usage_month(kStart), "2026-05");
  EXPECT_EQ(usage_month(TimePoint{Seconds{1796083199}}), "2026-11");  // 2026-11-30T23:59:59Z
  EXPECT_EQ(usage_month(TimePoint{Seconds{1796083200}}), "2026-12");
}

}  // namespace
}  // namespace p15
