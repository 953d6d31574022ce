// No look-ahead: the planner with a learned forecast decides before time t exactly as if the data
// after t were different. The oracle, which does look ahead, must fail the same comparison, or
// the comparison would prove nothing.
#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <cmath>

#include "bench/oracle_outlook.h"
#include "bench/replay.h"
#include "service/config/time_zones.h"
#include "service/core/policy.h"

namespace p15::bench {
namespace {

namespace chr = std::chrono;

constexpr int kDays = 4;
constexpr int kChangeSlot = 3 * 48;  // the data change from the start of the fourth day

// Sunny June days on a time-of-use tariff; `changed`: from kChangeSlot on, half the sun and a
// heavier evening.
Horizon horizon(bool changed) {
  Horizon h;
  h.profile = Profile::Commute;
  h.zone = us_pacific_zone();
  const LocalSeconds start{chr::sys_days{chr::year{2016} / chr::June / 3}.time_since_epoch()};
  h.start = TimePoint{start.time_since_epoch() + chr::hours{7}};  // PDT
  for (int k = 0; k < kDays * 48; ++k) {
    const LocalSeconds local = to_local(h.zone, h.slot_time(k));
    const double hour = chr::duration<double>(local - chr::floor<chr::days>(local)).count() / 3600;
    const bool late = changed && k >= kChangeSlot;
    Slot s;
    s.solar_w = hour > 6 && hour < 18 ? (late ? 3500 : 7000) * std::sin((hour - 6) / 12 * M_PI) : 0;
    s.house_w = hour >= 17 && hour < 22 ? (late ? 3000 : 1500) : 400;
    const bool peak = hour >= 16 && hour < 21;
    s.import_per_kwh = peak ? 0.49 : 0.46;
    s.export_per_kwh = peak ? 0.30 : 0.03;
    s.plugged = plugged_at(h.profile, local);
    h.slots.push_back(s);
  }
  derive_sessions(h, EvProfile{h.profile, 8, 15, 7});
  return h;
}

Tariff tariff() {
  Tariff t;
  LocalHourProfile imp, exp;
  for (unsigned m = 1; m <= 12; ++m) {
    for (DayType d : {DayType::Weekday, DayType::WeekendOrHoliday}) {
      for (unsigned hr = 0; hr < 24; ++hr) {
        const bool peak = hr >= 16 && hr < 21;
        imp.at(m, d, hr) = peak ? 0.49 : 0.46;
        exp.at(m, d, hr) = peak ? 0.30 : 0.03;
      }
    }
  }
  t.name = "test-tou";
  t.import_price = profile_price(imp, us_pacific_zone());
  t.export_price = profile_price(exp, us_pacific_zone());
  return t;
}

struct Seen {
  TimePoint now;
  int amps;
  ChargeIntent intent;
  std::optional<SiteSettings> site;
  std::string reason;
  std::vector<double> forecast;  // the outlook's solar and house, hour by hour
};

std::vector<Seen> decisions(const Horizon& h, bool oracle) {
  PolicySettings settings;
  settings.smart.tariff = tariff();
  settings.planner.steer_powerwall = true;
  settings.planner.replan = Seconds{3600};
  settings.planner.car = PlannerCar::Plan;  // the plan's hours drive the car: the most sensitive
  auto policy = make_policy("planner", settings);
  LearnedOutlook learned(tariff(), h.zone, make_forecaster("weather-aware"));
  OracleOutlook perfect(h, tariff());
  ReplayOptions o;
  o.step_s = 60;
  o.ledger.tariff = tariff();
  o.outlook = oracle ? static_cast<OutlookSource*>(&perfect) : &learned;
  std::vector<Seen> seen;
  const TimePoint change = h.slot_time(kChangeSlot);
  o.on_decision = [&](const RecordedDecision& r) {
    if (r.snapshot.now >= change) return;
    Seen x{r.snapshot.now,  r.decision.amps,   r.decision.intent,
           r.decision.site, r.decision.reason, {}};
    if (r.snapshot.outlook) {
      for (const OutlookHour& p : r.snapshot.outlook->hours) {
        x.forecast.push_back(p.solar_wh);
        x.forecast.push_back(p.house_wh);
      }
    }
    seen.push_back(std::move(x));
  };
  replay(h, **policy, o);
  return seen;
}

bool same(const Seen& a, const Seen& b) {
  return a.now == b.now && a.amps == b.amps && a.intent == b.intent && a.site == b.site &&
         a.reason == b.reason && a.forecast == b.forecast;
}

class Lookahead : public ::testing::Test {
 protected:
  void SetUp() override { spdlog::set_level(spdlog::level::off); }
  void TearDown() override { spdlog::set_level(spdlog::level::info); }
};

TEST_F(Lookahead, LearnedPlannerDecidesBeforeTheChangeAsWithoutIt) {
  const std::vector<Seen> a = decisions(horizon(false), false);
  const std::vector<Seen> b = decisions(horizon(true), false);
  ASSERT_EQ(a.size(), b.size());
  ASSERT_GT(a.size(), 2000u);
  std::size_t with_outlook = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    ASSERT_TRUE(same(a[i], b[i])) << "decision " << i << ": " << a[i].reason << " / "
                                  << b[i].reason;
    if (!a[i].forecast.empty()) ++with_outlook;
  }
  EXPECT_GT(with_outlook, a.size() / 2);  // the planner planned, not only fell back to smart
}

TEST_F(Lookahead, TheOracleSeesTheChangeComingSoTheComparisonCanFail) {
  const std::vector<Seen> a = decisions(horizon(false), true);
  const std::vector<Seen> b = decisions(horizon(true), true);
  ASSERT_EQ(a.size(), b.size());
  bool differs = false;
  for (std::size_t i = 0; i < a.size() && !differs; ++i) differs = !same(a[i], b[i]);
  EXPECT_TRUE(differs);
}

}  // namespace
}  // namespace p15::bench
