// The rules of the service's hand on the energy site (service/core/site_steward.h).
#include "service/core/site_steward.h"

#include <gtest/gtest.h>

#include "service/config/config.h"
#include "service/site/site_client.h"
#include "service/store/steward_book.h"

namespace p15 {
namespace {

SiteSettings owner() {
  return SiteSettings{OperationMode::SelfPowered, 20, false, ExportRule::PvOnly};
}

SiteSettings with_reserve(double r) {
  SiteSettings s = owner();
  s.reserve_percent = r;
  return s;
}

StewardState known(const SiteSettings& site = owner()) {
  StewardState s;
  s.owner = owner();
  s.site = site;
  s.day = 10;
  return s;
}

struct PlanCase {
  const char* name;
  StewardState state;
  std::optional<SiteSettings> wanted;
  bool steer;
  long long day;
  SiteSettings target;
  std::vector<SiteEndpoint> send;
  int requests_after;
};

class PlanSite : public testing::TestWithParam<PlanCase> {};

TEST_P(PlanSite, TargetAndRequests) {
  const PlanCase& c = GetParam();
  const StewardStep step = plan_site(c.state, StewardRules{c.steer, 5}, c.wanted, c.day);
  EXPECT_EQ(step.target, c.target) << step.reason;
  EXPECT_EQ(step.send, c.send) << step.reason;
  EXPECT_EQ(step.next.requests_today, c.requests_after) << step.reason;
}

StewardState used(int n, const SiteSettings& site = owner()) {
  StewardState s = known(site);
  s.requests_today = n;
  return s;
}

StewardState refused_85() {
  StewardState s = known();
  s.refused_reserves = {85};
  return s;
}

StewardState ineffective() {
  StewardState s = known();
  s.reserve_ineffective = true;
  return s;
}

SiteSettings grid_charge() {
  SiteSettings s = with_reserve(60);
  s.grid_charging = true;
  return s;
}

INSTANTIATE_TEST_SUITE_P(
    Rules, PlanSite,
    testing::Values(
        PlanCase{"OwnersAlreadyInForce", known(), std::nullopt, true, 10, owner(), {}, 0},
        PlanCase{"AHoldIsOneRequest",
                 known(),
                 with_reserve(55),
                 true,
                 10,
                 with_reserve(55),
                 {SiteEndpoint::Backup},
                 1},
        PlanCase{"NotSteeringAsksTheOwners",
                 known(with_reserve(55)),
                 with_reserve(55),
                 false,
                 10,
                 owner(),
                 {SiteEndpoint::Backup},
                 1},
        PlanCase{"NeverBelowTheOwnersReserve", known(), with_reserve(10), true, 10, owner(), {}, 0},
        PlanCase{"GridChargeTakesTwoEndpoints",
                 known(),
                 grid_charge(),
                 true,
                 10,
                 grid_charge(),
                 {SiteEndpoint::Backup, SiteEndpoint::GridImportExport},
                 2},
        // 3 used + 2 to go + 2 back = 7 > 5: the owner's settings (already in force) instead.
        PlanCase{"TheBudgetKeepsTheWayBack", used(3), grid_charge(), true, 10, owner(), {}, 3},
        PlanCase{"AHoldEndsWhenTheBudgetDoesNotAllowAnother",
                 used(4, with_reserve(55)),
                 grid_charge(),
                 true,
                 10,
                 owner(),
                 {SiteEndpoint::Backup},
                 5},
        PlanCase{"ANewDayANewBudget",
                 used(5),
                 with_reserve(55),
                 true,
                 11,
                 with_reserve(55),
                 {SiteEndpoint::Backup},
                 1},
        PlanCase{"ARefusedReserveIsPlannedAround",
                 refused_85(),
                 with_reserve(85),
                 true,
                 10,
                 with_reserve(84),
                 {SiteEndpoint::Backup},
                 1},
        PlanCase{"AnIneffectiveReserveIsNotUsedToday",
                 ineffective(),
                 with_reserve(55),
                 true,
                 10,
                 owner(),
                 {},
                 0}),
    [](const testing::TestParamInfo<PlanCase>& i) { return std::string(i.param.name); });

TEST(SiteSteward, TheFirstReadIsTheOwners) {
  const Observation o = observe_site(StewardState{}, with_reserve(35));
  EXPECT_FALSE(o.owner_changed);
  EXPECT_EQ(o.next.owner, with_reserve(35));
  EXPECT_EQ(o.next.site, with_reserve(35));
}

TEST(SiteSteward, AChangeInTheAppDuringAHoldBecomesTheOwners) {
  // Holding at 60 %; the owner switches to Time-Based Control in the app.
  SiteSettings read = with_reserve(60);
  read.mode = OperationMode::TimeBasedControl;
  const Observation o = observe_site(known(with_reserve(60)), read);
  EXPECT_TRUE(o.owner_changed);
  EXPECT_EQ(o.next.owner->mode, OperationMode::TimeBasedControl);
  EXPECT_DOUBLE_EQ(o.next.owner->reserve_percent, 20) << "the hold's reserve is not the owner's";
  EXPECT_EQ(o.next.site, read);
}

TEST(SiteSteward, TheRowsReserveTriggersAReadOnlyWhenItMovesToSomethingUnasked) {
  StewardState s = known(with_reserve(60));
  s.row_reserve = 20;
  EXPECT_FALSE(needs_read(s, {20, {}})) << "the row lags the hold: nothing new";
  EXPECT_FALSE(needs_read(s, {60, {}})) << "the row caught up with the hold";
  EXPECT_TRUE(needs_read(s, {35, {}})) << "someone set 35 %";
  EXPECT_TRUE(needs_read(StewardState{}, {20, {}})) << "the owner's settings are not known yet";
}

TEST(SiteSteward, TheRowsModeTriggersAReadOnlyWhenItMovesToSomethingUnasked) {
  constexpr auto kSelf = OperationMode::SelfPowered, kTbc = OperationMode::TimeBasedControl;
  StewardState s = known(with_reserve(60));
  EXPECT_FALSE(needs_read(s, {20, kTbc})) << "no earlier row mode to compare with";
  s.row_mode = kSelf;
  EXPECT_FALSE(needs_read(s, {20, kSelf})) << "unchanged";
  EXPECT_FALSE(needs_read(s, {20, std::nullopt})) << "a row without the mode says nothing";
  EXPECT_TRUE(needs_read(s, {20, kTbc})) << "the owner chose Time-Based Control in the app";
  StewardState tbc_hold = s;
  tbc_hold.site->mode = kTbc;
  EXPECT_FALSE(needs_read(tbc_hold, {20, kTbc})) << "the row caught up with the service's own";
}

TEST(SiteSteward, AReadBackThatDiffersMarksTheLeverRefused) {
  const ReadBack rb = after_requests(known(), with_reserve(90), {SiteEndpoint::Backup}, owner());
  ASSERT_EQ(rb.refused.size(), 1u);
  EXPECT_EQ(rb.refused[0], SiteEndpoint::Backup);
  // The 81-99 band of firmware 25.18.4, as one refusal.
  EXPECT_EQ(rb.next.refused_reserves.size(), 19u);
  EXPECT_EQ(rb.next.site, owner());
  const StewardStep next = plan_site(rb.next, StewardRules{true, 5}, with_reserve(90), 10);
  EXPECT_DOUBLE_EQ(next.target.reserve_percent, 80) << next.reason;
}

TEST(SiteSteward, AFailedReadBackLeavesTheSiteUnknown) {
  const ReadBack rb =
      after_requests(known(), with_reserve(55), {SiteEndpoint::Backup}, std::nullopt);
  EXPECT_FALSE(rb.next.site.has_value());
  EXPECT_TRUE(needs_read(rb.next, {20, {}}));
}

TEST(SiteSteward, ARaisedReserveTheBatteryDrainsBelowIsIneffective) {
  const StewardState hold = known(with_reserve(60));
  EXPECT_FALSE(observe_battery(hold, 59, 2000).next.reserve_ineffective) << "within 2 points";
  EXPECT_FALSE(observe_battery(hold, 50, -1000).next.reserve_ineffective) << "charging";
  const Observation o = observe_battery(hold, 50, 2000);
  EXPECT_TRUE(o.next.reserve_ineffective);
  EXPECT_NE(o.reason.find("not acting"), std::string::npos);
}

TEST(SiteSteward, RestoringIgnoresTheBudget) {
  StewardState s = used(5, grid_charge());
  const StewardStep step = restore_owner(s, s.day);
  EXPECT_EQ(step.target, owner());
  EXPECT_EQ(step.send.size(), 2u);
  StewardState unknown = known();
  unknown.site.reset();
  EXPECT_EQ(restore_owner(unknown, 10).send.size(), 3u) << "unknown: every endpoint";
}

TEST(SiteInfo, ReadsTheSettingsWhereTeslaPutsThem) {
  auto s = parse_site_settings(
      R"({"response":{"backup_reserve_percent":30,"default_real_mode":"autonomous",)"
      R"("components":{"customer_preferred_export_rule":"battery_ok",)"
      R"("disallow_charge_from_grid_with_solar_installed":true}}})");
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_DOUBLE_EQ(s->reserve_percent, 30);
  EXPECT_EQ(s->mode, OperationMode::TimeBasedControl);
  EXPECT_EQ(s->export_rule, ExportRule::BatteryOk);
  EXPECT_FALSE(s->grid_charging);
  auto bare = parse_site_settings(
      R"({"response":{"backup_reserve_percent":20,"default_real_mode":"self_consumption"}})");
  ASSERT_TRUE(bare.ok());
  EXPECT_TRUE(bare->grid_charging) << "no disallow: grid charging allowed";
  auto backup = parse_site_settings(
      R"({"response":{"backup_reserve_percent":100,"default_real_mode":"backup"}})");
  ASSERT_FALSE(backup.ok());
  EXPECT_NE(backup.error().message.find("default_real_mode"), std::string::npos);
  EXPECT_NE(
      parse_site_settings(R"({"response":{}})").error().message.find("backup_reserve_percent"),
      std::string::npos);
}

TEST(SiteInfo, RequestBodiesAsTeslaDocumentsThem) {
  SiteSettings s = grid_charge();
  s.export_rule = ExportRule::Never;
  EXPECT_EQ(site_request_body(SiteEndpoint::Backup, s), R"({"backup_reserve_percent":60})");
  EXPECT_EQ(site_request_body(SiteEndpoint::Operation, s),
            R"({"default_real_mode":"self_consumption"})");
  EXPECT_EQ(
      site_request_body(SiteEndpoint::GridImportExport, s),
      R"({"customer_preferred_export_rule":"never","disallow_charge_from_grid_with_solar_installed":false})");
}

TEST(StewardBookJson, RoundTripsAndNamesABadField) {
  StewardState s = known(grid_charge());
  s.requests_today = 3;
  s.refused_reserves = {81, 82};
  s.row_reserve = 20;
  auto back = steward_from_json(steward_json(s));
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(*back, s);
  auto bad = steward_from_json(R"({"owner":{"default_real_mode":"x"},"site":null})");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("owner.default_real_mode"), std::string::npos);
}

TEST(StewardConfig, SteeringNeedsThePlannerAndTheFleet) {
  const std::map<std::string, std::string> env;
  auto smart =
      load_config_text("policy:\n  name: smart\npowerwall:\n  steer: true\n", "x.yml", env);
  ASSERT_FALSE(smart.ok());
  EXPECT_NE(smart.error().message.find("x.yml: powerwall.steer: needs policy.name: planner"),
            std::string::npos)
      << smart.error().message;
  auto none =
      load_config_text("policy:\n  name: planner\npowerwall:\n  steer: true\n", "x.yml", env);
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.error().message.find("vehicle.adapter: fleet"), std::string::npos);
  auto budget = load_config_text("powerwall:\n  max_settings_per_day: 0\n", "x.yml", env);
  ASSERT_FALSE(budget.ok());
  EXPECT_NE(budget.error().message.find("powerwall.max_settings_per_day"), std::string::npos);
}

}  // namespace
}  // namespace p15
