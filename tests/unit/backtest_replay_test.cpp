// The replay against the optimum on short synthetic horizons: no policy may beat the LP, and
// every policy pays for the car's whole need (charged or topped up).
#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <cmath>

#include "bench/optimum_lp.h"
#include "bench/replay.h"
#include "service/config/time_zones.h"
#include "service/core/policy.h"

namespace p15::bench {
namespace {

namespace chr = std::chrono;

struct HorizonCase {
  const char* name;
  Profile profile;
  int days;
  double peak_solar_w;
  bool tou;  // evening peak import and export prices, else flat
};

// A clear-sky day: solar as a half sine from 06:00 to 18:00 local, a constant house load with
// an evening bump, starting on Friday 2016-06-03 (weekdays and a weekend).
Horizon synthetic(const HorizonCase& c) {
  Horizon h;
  h.profile = c.profile;
  h.zone = us_pacific_zone();
  const LocalSeconds start{chr::sys_days{chr::year{2016} / chr::June / 3}.time_since_epoch()};
  h.start = TimePoint{start.time_since_epoch() + chr::hours{7}};  // PDT
  for (int k = 0; k < c.days * 48; ++k) {
    const LocalSeconds local = to_local(h.zone, h.slot_time(k));
    const double hour = chr::duration<double>(local - chr::floor<chr::days>(local)).count() / 3600;
    Slot s;
    s.solar_w = hour > 6 && hour < 18 ? c.peak_solar_w * std::sin((hour - 6) / 12 * M_PI) : 0;
    s.house_w = hour >= 17 && hour < 22 ? 1500 : 400;
    const bool peak = hour >= 16 && hour < 21;
    s.import_per_kwh = c.tou ? (peak ? 0.49 : 0.46) : 0.2291;
    s.export_per_kwh = c.tou ? (peak ? 0.30 : 0.03) : 0.062;
    s.plugged = plugged_at(c.profile, local);
    h.slots.push_back(s);
  }
  derive_sessions(h, EvProfile{c.profile, 8, 15, 7});
  return h;
}

// The Cycle logs every decision; the replays here make thousands.
class QuietLog {
 public:
  QuietLog() : level_(spdlog::get_level()) { spdlog::set_level(spdlog::level::off); }
  ~QuietLog() { spdlog::set_level(level_); }

 private:
  spdlog::level::level_enum level_;
};

class NoPolicyBeatsTheOptimum : public ::testing::TestWithParam<HorizonCase> {
 protected:
  QuietLog quiet_;
};

TEST_P(NoPolicyBeatsTheOptimum, BillsAtOrAboveTheBounds) {
  const Horizon h = synthetic(GetParam());
  const LpResult free = solve_optimum(h, {BatteryControl::Free});
  const LpResult self = solve_optimum(h, {BatteryControl::SelfPowered});
  ASSERT_TRUE(free.ok && self.ok) << free.status << " / " << self.status;
  EXPECT_LE(free.bill, self.bill + 1e-6);
  double need = 0;
  for (const Session& s : h.sessions) need += s.need_ac_kwh;
  for (const std::string& name : policy_names()) {
    auto policy = make_policy(name, {});
    ASSERT_TRUE(policy.ok());
    const ReplayResult r = replay(h, **policy, {});
    EXPECT_GE(r.bill(), self.bill - 1e-6) << name;
    EXPECT_GE(r.bill(), free.bill - 1e-6) << name;
    // The need is hard: delivered + topped up = what the trips took (the car ramps, so a few
    // Wh of rounding are allowed).
    EXPECT_NEAR(r.car_kwh + r.topup_kwh, need, 0.01) << name;
    // The ledger's kWh add up, and hold the newest reading over each interval: the ramps and the
    // whole amps the car reports make them differ a little from the model's energy.
    EXPECT_NEAR(r.ledger.solar_kwh + r.ledger.powerwall_kwh + r.ledger.grid_kwh, r.ledger.car_kwh,
                1e-6)
        << name;
    EXPECT_NEAR(r.ledger.car_kwh, r.car_kwh, 0.02 * r.car_kwh + 0.05) << name;
    EXPECT_EQ(r.refused, 0) << name;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Horizons, NoPolicyBeatsTheOptimum,
    ::testing::Values(HorizonCase{"commute_flat_sunny", Profile::Commute, 4, 7000, false},
                      HorizonCase{"commute_tou_sunny", Profile::Commute, 4, 7000, true},
                      HorizonCase{"home_flat_sunny", Profile::Home, 3, 7000, false},
                      HorizonCase{"home_tou_dim", Profile::Home, 3, 1500, true}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(Replay, LegacyNeverStartsAboveSixtyMilesSoEverythingIsToppedUp) {
  const QuietLog quiet;
  const Horizon h = synthetic({"", Profile::Commute, 3, 7000, false});
  auto legacy = make_policy("legacy", {});
  const ReplayResult r = replay(h, **legacy, {});
  double need = 0;
  for (const Session& s : h.sessions) need += s.need_ac_kwh;
  EXPECT_GT(need, 0);
  EXPECT_NEAR(r.topup_kwh, need, 1e-9);
  EXPECT_EQ(r.starts, 0);
}

TEST(Replay, ChargeNowStartsOncePerArrivalAndMeetsTheNeed) {
  const QuietLog quiet;
  const Horizon h = synthetic({"", Profile::Commute, 3, 0, false});
  auto now = make_policy("charge-now", {});
  const ReplayResult r = replay(h, **now, {});
  EXPECT_LT(r.topup_kwh, 0.01);
  EXPECT_EQ(r.starts, static_cast<long long>(h.sessions.size()));
  EXPECT_EQ(r.wake_ups, 0);  // arriving wakes the car; it starts before falling asleep
}

struct PlugCase {
  Profile profile;
  int day;  // of June 2016: the 3rd is a Friday, the 4th a Saturday
  int hour;
  bool plugged;
};

class PlugProfiles : public ::testing::TestWithParam<PlugCase> {};

TEST_P(PlugProfiles, AwayWhenTheProfileSays) {
  const auto& c = GetParam();
  const LocalSeconds t{chr::sys_days{chr::year{2016} / chr::June / c.day}.time_since_epoch() +
                       chr::hours{c.hour}};
  EXPECT_EQ(plugged_at(c.profile, t), c.plugged);
}

INSTANTIATE_TEST_SUITE_P(Hours, PlugProfiles,
                         ::testing::Values(PlugCase{Profile::Commute, 3, 6, true},
                                           PlugCase{Profile::Commute, 3, 7, false},
                                           PlugCase{Profile::Commute, 3, 17, false},
                                           PlugCase{Profile::Commute, 3, 18, true},
                                           PlugCase{Profile::Commute, 4, 12, true},
                                           PlugCase{Profile::Home, 3, 12, true},
                                           PlugCase{Profile::Home, 3, 18, false},
                                           PlugCase{Profile::Home, 4, 19, false},
                                           PlugCase{Profile::Home, 4, 20, true}));

}  // namespace
}  // namespace p15::bench
