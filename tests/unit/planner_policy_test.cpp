// The planner policy: which lever a planned hour asks for, the day's budget of settings
// requests, the owner's reserve as a floor, and what it does without a forecast.
#include "service/core/planner_policy.h"

#include <gtest/gtest.h>

#include <memory>

#include "tests/unit/outlook_hour.h"

namespace p15 {
namespace {

PlanPeriod planned(double charge_wh, double discharge_wh, double energy_end_wh, double car_wh = 0) {
  PlanPeriod p;
  p.charge_wh = charge_wh;
  p.discharge_wh = discharge_wh;
  p.energy_end_wh = energy_end_wh;
  p.car_wh = car_wh;
  return p;
}

struct LeverCase {
  const char* name;
  OutlookHour hour;
  PlanPeriod plan;
  double soc_percent;
  Lever want;
  double want_reserve;
  OperationMode want_mode;
};

class Levers : public ::testing::TestWithParam<LeverCase> {};

TEST_P(Levers, ForThePlannedHour) {
  const auto& c = GetParam();
  PlannerSettings st;
  st.owner_reserve_percent = 30;
  const LeverAsk a = lever_for(st, c.hour, c.plan, 13500, c.soc_percent);
  EXPECT_EQ(a.lever, c.want);
  EXPECT_DOUBLE_EQ(a.settings.reserve_percent, c.want_reserve);
  EXPECT_EQ(a.settings.mode, c.want_mode);
  // While steering, grid charging and battery export are allowed: they act only under a lever.
  EXPECT_TRUE(a.settings.grid_charging);
  EXPECT_EQ(a.settings.export_rule, ExportRule::BatteryOk);
}

INSTANTIATE_TEST_SUITE_P(
    Hours, Levers,
    ::testing::Values(
        // The plan covers the house from the battery as self-powered would: the owner's.
        LeverCase{"self_powered_as_planned", hour(0, 2000), planned(0, 2000, 8000), 60,
                  Lever::Owner, 30, OperationMode::SelfPowered},
        // The plan keeps the battery while the house draws: hold at the level.
        LeverCase{"hold", hour(0, 2000), planned(0, 0, 8100), 60.4, Lever::Hold, 60,
                  OperationMode::SelfPowered},
        // The plan gives the house part of the hour's need from the battery: the hold's level
        // is the plan's at the hour's end (57 %), so the battery gives that part and no more.
        LeverCase{"hold_at_the_plans_level", hour(0, 2000), planned(0, 500, 7600), 60, Lever::Hold,
                  57, OperationMode::SelfPowered},
        // Never a reserve below the owner's, even to hold a lower level.
        LeverCase{"hold_never_below_the_owners_reserve", hour(0, 2000), planned(0, 0, 3000), 22,
                  Lever::Hold, 30, OperationMode::SelfPowered},
        // The plan charges more than the sun gives: a grid charge to the plan's level.
        LeverCase{"grid_charge", hour(0, 300), planned(2500, 0, 10800), 62, Lever::GridCharge, 80,
                  OperationMode::SelfPowered},
        // The plan empties the battery into a battery-export hour: Time-Based Control.
        LeverCase{"battery_export", hour(0, 500, 0.60, 1.0, true), planned(0, 5000, 5000), 70,
                  Lever::BatteryExport, 30, OperationMode::TimeBasedControl},
        // The same discharge where Time-Based Control would not export: no such lever.
        LeverCase{"no_battery_export_outside_its_hours", hour(0, 500, 0.60, 1.0, false),
                  planned(0, 5000, 5000), 70, Lever::Owner, 30, OperationMode::SelfPowered}),
    [](const auto& info) { return std::string(info.param.name); });

// A snapshot at `now` with a 3-hour outlook whose prices vary (so the levers may act).
Snapshot snapshot_at(TimePoint now) {
  Snapshot s;
  s.now = now;
  s.powerwall.total_pack_energy_wh = 13500;
  // 2.3 kWh above the reserve: enough for the dear hour only.
  s.powerwall.energy_left_wh = 5000;
  s.powerwall.percentage_charged = 5000 / 135.0;
  s.powerwall.load_w = 2000;
  s.powerwall.battery_w = 2000;
  s.vehicle.charging_state = ChargingState::Disconnected;
  auto o = std::make_shared<Outlook>();
  o->made_at = now;
  o->source = "test";
  for (int h = 0; h < 3; ++h) {
    OutlookHour x = hour(0, 2000, h == 2 ? 0.60 : 0.30, 0.05);
    x.start = now + Seconds{3600 * h};
    o->hours.push_back(x);
  }
  s.outlook = o;
  return s;
}

TEST(PlannerPolicy, NoForecastDecidesAsSmartAndSaysSo) {
  PlannerSettings st;
  const PlannerPolicy p(st);
  Snapshot s = snapshot_at(TimePoint{Seconds{1'465'000'000}});
  s.outlook.reset();
  const Decision d = p.decide(s);
  EXPECT_EQ(d.policy, "planner");
  EXPECT_EQ(d.reason.rfind("no forecast yet, as smart: ", 0), 0u) << d.reason;
  EXPECT_FALSE(d.site.has_value());  // not steering: no opinion on the Powerwall
}

TEST(PlannerPolicy, HoldsTheBatteryForTheDearHourAndCountsTheRequest) {
  PlannerSettings st;
  st.steer_powerwall = true;
  const PlannerPolicy p(st);
  const Decision d = p.decide(snapshot_at(TimePoint{Seconds{1'465'000'000}}));
  ASSERT_TRUE(d.site.has_value());
  ASSERT_TRUE(d.memory.planner);
  EXPECT_EQ(d.memory.planner->status, "planned");
  EXPECT_EQ(d.memory.planner->lever, Lever::Hold) << d.reason;
  EXPECT_GT(d.site->reserve_percent, st.owner_reserve_percent);
  // The site's settings are not known before the first request: it sets, and counts, all three.
  EXPECT_EQ(d.memory.planner->settings_today, 3);
  EXPECT_EQ(d.site->mode, OperationMode::SelfPowered);
  EXPECT_TRUE(d.site->grid_charging);
  // The plan's level at the hour's end, under the 37 % now: what the dear hour does not need
  // (about 0.2 kWh) serves the house in the cheap hours.
  EXPECT_DOUBLE_EQ(d.site->reserve_percent, 36);
}

TEST(PlannerPolicy, TheDaysBudgetKeepsEnoughToRestoreTheOwner) {
  PlannerSettings st;
  st.steer_powerwall = true;
  st.max_settings_per_day = 3;  // the first request (3) fits, but not the way back from a hold
  const PlannerPolicy p(st);
  const Decision d = p.decide(snapshot_at(TimePoint{Seconds{1'465'000'000}}));
  ASSERT_TRUE(d.site.has_value());
  EXPECT_EQ(d.memory.planner->lever, Lever::Owner);
  EXPECT_DOUBLE_EQ(d.site->reserve_percent, st.owner_reserve_percent);
  EXPECT_EQ(d.memory.planner->settings_today, 3);
}

TEST(PlannerPolicy, NoRequestAtAllWhenNotEvenTheFirstFits) {
  PlannerSettings st;
  st.steer_powerwall = true;
  st.max_settings_per_day = 2;
  const PlannerPolicy p(st);
  const Decision d = p.decide(snapshot_at(TimePoint{Seconds{1'465'000'000}}));
  EXPECT_FALSE(d.site.has_value());
  EXPECT_EQ(d.memory.planner->settings_today, 0);
}

// A flat outlook from `now`: nothing for the levers to do.
Snapshot flat_at(TimePoint now) {
  Snapshot s = snapshot_at(now);
  auto o = std::make_shared<Outlook>(*s.outlook);
  o->hours[2].import_per_kwh = 0.30;
  s.outlook = o;
  return s;
}

// Replanned every 15 minutes, the hold chosen in a clock hour stays for that hour even when a
// later plan of the hour would let it go; the next hour, or the car plugged in, moves it.
TEST(PlannerPolicy, TheLeverStaysForItsClockHourUnlessTheCarChanges) {
  PlannerSettings st;
  st.steer_powerwall = true;
  st.replan = Seconds{900};
  const PlannerPolicy p(st);
  const TimePoint t0{Seconds{1'465'000'000}};  // 00:26:40 UTC
  const Decision held = p.decide(snapshot_at(t0));
  ASSERT_EQ(held.memory.planner->lever, Lever::Hold) << held.reason;
  auto next = [&](const Decision& prev, Snapshot s) {
    s.memory = prev.memory;
    return p.decide(s);
  };
  const Decision same_hour = next(held, flat_at(t0 + Seconds{900}));
  EXPECT_EQ(same_hour.memory.planner->made_at, t0 + Seconds{900});  // replanned
  EXPECT_EQ(same_hour.memory.planner->lever, Lever::Hold) << same_hour.reason;
  EXPECT_EQ(same_hour.memory.planner->settings_today, 3);
  EXPECT_EQ(*same_hour.site, *held.site);
  const Decision next_hour = next(same_hour, flat_at(t0 + Seconds{2400}));  // 01:06:40
  EXPECT_EQ(next_hour.memory.planner->lever, Lever::Owner) << next_hour.reason;
  Snapshot plugged = flat_at(t0 + Seconds{900});
  plugged.vehicle.charging_state = ChargingState::Stopped;
  const Decision car = next(held, plugged);
  EXPECT_EQ(car.memory.planner->lever, Lever::Owner) << car.reason;
}

TEST(PlannerPolicy, AtMostTheDaysBudgetOverADayOfReplans) {
  PlannerSettings st;
  st.steer_powerwall = true;
  st.replan = Seconds{60};
  const PlannerPolicy p(st);
  TimePoint t{Seconds{1'465'000'000}};
  PolicyMemory memory;
  int requests = 0;
  std::optional<SiteSettings> in_force;
  for (int minute = 0; minute < 12 * 60; minute += 5, t += Seconds{300}) {
    Snapshot s = snapshot_at(t);
    // Alternate the dear hour so the plan keeps asking for other levers.
    if ((minute / 60) % 2 == 1) s.powerwall.energy_left_wh = 12000;
    s.powerwall.percentage_charged = s.powerwall.energy_left_wh / 135.0;
    s.memory = memory;
    const Decision d = p.decide(s);
    if (d.site && (!in_force || *in_force != *d.site)) {
      requests += in_force ? settings_requests(*in_force, *d.site) : 3;
      in_force = d.site;
    }
    memory = d.memory;
  }
  EXPECT_LE(requests, st.max_settings_per_day);
  EXPECT_GT(requests, 0);
}

TEST(PlannerPolicy, ArbitrageNeedsVaryingPricesOrABatteryExportHour) {
  EXPECT_FALSE(arbitrage_possible({hour(0, 0, 0.23, 0.06), hour(0, 0, 0.23, 0.06)}));
  EXPECT_TRUE(arbitrage_possible({hour(0, 0, 0.46, 0.06), hour(0, 0, 0.49, 0.06)}));
  EXPECT_TRUE(arbitrage_possible({hour(0, 0, 0.23, 0.06), hour(0, 0, 0.23, 0.90, true)}));
}

}  // namespace
}  // namespace p15

namespace p15 {
namespace {

struct CarCase {
  PlannerCar car;
  const char* says;
};

class PlannerCarSetting : public ::testing::TestWithParam<CarCase> {};

// planner.car: the smart policy decides the car, or the plan's hours do.
TEST_P(PlannerCarSetting, DecidesTheCar) {
  PlannerSettings st;
  st.car = GetParam().car;
  Snapshot s = snapshot_at(TimePoint{Seconds{1'465'000'000}});
  s.vehicle.charging_state = ChargingState::Stopped;
  s.vehicle.battery_level = 50;
  s.vehicle.charge_limit_soc = 80;
  const Decision d = PlannerPolicy(st).decide(s);
  EXPECT_NE(d.reason.find(GetParam().says), std::string::npos) << d.reason;
}

INSTANTIATE_TEST_SUITE_P(Cars, PlannerCarSetting,
                         ::testing::Values(CarCase{PlannerCar::Smart, "; car as smart: "},
                                           CarCase{PlannerCar::Plan, "; car on the plan: "}),
                         [](const auto& info) { return to_string(info.param.car); });

TEST(PlannerCarNames, RoundTrip) {
  for (PlannerCar c : {PlannerCar::Smart, PlannerCar::Plan}) {
    EXPECT_EQ(planner_car_from_string(to_string(c)), c);
  }
  EXPECT_FALSE(planner_car_from_string("hybrid").has_value());
}

}  // namespace
}  // namespace p15

namespace p15 {
namespace {

// Three hours: a cheap one, a dear one, then one whose export pays $1.00 (Time-Based Control's
// battery export), a budget of `max` requests, the site's settings already known.
Decision first_with_export_ahead(int max, bool export_hour = true) {
  PlannerSettings st;
  st.steer_powerwall = true;
  st.max_settings_per_day = max;
  Snapshot s = snapshot_at(TimePoint{Seconds{1'465'000'000}});
  // 6.3 kWh above the reserve: the export hour's 5.5 and a little for the dear hour.
  s.powerwall.energy_left_wh = 9000;
  s.powerwall.percentage_charged = 9000 / 135.0;
  auto o = std::make_shared<Outlook>(*s.outlook);
  o->hours[1].import_per_kwh = 0.60;
  o->hours[2] = hour(0, 500, 0.60, export_hour ? 1.00 : 0.05, export_hour);
  o->hours[2].start = o->hours[1].start + Seconds{3600};
  s.outlook = o;
  PlannerMemory known;
  known.asked = SiteSettings{OperationMode::SelfPowered, st.owner_reserve_percent, true,
                             ExportRule::BatteryOk};
  s.memory.planner = std::make_shared<const PlannerMemory>(known);
  s.memory.decided_at = s.now;
  return PlannerPolicy(st).decide(s);
}

TEST(PlannerPolicy, TheOtherLeversLeaveTheBudgetForTheDaysBatteryExport) {
  // The plan charges from the cheap hour's grid to export at $1.00 later. Raising the reserve
  // now (1 request), then the export (2: the reserve back down, Time-Based Control) and the way
  // home (1) take 4: with 4 it charges, with 3 it keeps the owner's settings for the export
  // rather than spend the day on the charge (which alone, with the way home, would fit 3).
  const Decision roomy = first_with_export_ahead(4, true);
  ASSERT_TRUE(roomy.memory.planner);
  EXPECT_EQ(roomy.memory.planner->lever, Lever::GridCharge) << roomy.reason;
  const Decision tight = first_with_export_ahead(3, true);
  ASSERT_TRUE(tight.memory.planner);
  EXPECT_EQ(tight.memory.planner->lever, Lever::Owner) << tight.reason;
  EXPECT_EQ(tight.memory.planner->settings_today, 0);
}

}  // namespace
}  // namespace p15
