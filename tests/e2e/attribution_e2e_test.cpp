// One energy attribution (docs/energy-attribution.md), three sums of one simulated day: the
// backtest's replay through the service's Cycle, with its decisions and ledger rows in the real
// MariaDB; the simulator's summary (sim/ledger_summary.h) over the rows the replay wrote each
// step; and GET /savings from the real p15-service on that database. They agree to the cent.
#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <cmath>

#include "bench/replay.h"
#include "service/config/time_zones.h"
#include "service/store/mariadb_store.h"
#include "sim/ledger_summary.h"
#include "tests/e2e/fixtures.h"

namespace p15::test {
namespace {

namespace chr = std::chrono;
using bench::Horizon;

constexpr double kCent = 0.01;

// Friday 2016-06-03 in California: a half-sine sun peaking at 3 kW, a house drawing 1.5 kW from
// 11:00 to 15:00 and 0.4 kW otherwise; the car is out 07:00-12:00 and charges when it comes back,
// from the sun, the Powerwall and the grid at once.
Horizon one_day() {
  Horizon h;
  h.profile = bench::Profile::Commute;
  h.zone = us_pacific_zone();
  h.start = TimePoint{chr::sys_days{chr::year{2016} / chr::June / 3}.time_since_epoch() +
                      chr::hours{7}};  // local midnight, PDT
  for (int k = 0; k < 48; ++k) {
    const double hour = k / 2.0;
    bench::Slot s;
    s.solar_w = hour > 6 && hour < 18 ? 3000 * std::sin((hour - 6) / 12 * M_PI) : 0;
    s.house_w = hour >= 11 && hour < 15 ? 1500 : 400;
    s.import_per_kwh = 0.2291;  // flat_tariff(), which the ledger prices with
    s.export_per_kwh = 0.062;
    s.plugged = hour < 7 || hour >= 12;
    h.slots.push_back(s);
  }
  bench::derive_sessions(h, bench::EvProfile{bench::Profile::Commute, 12, 15, 3});
  return h;
}

class AttributionE2E : public ServiceE2E {};

TEST_F(AttributionE2E, SavingsTheSimulatorAndTheBacktestAgreeToTheCent) {
  const Horizon h = one_day();
  MariaDbStore store(db_.config());
  sim::LedgerSummary simulator(flat_tariff(), h.home.powerwall.round_trip_efficiency, Seconds{30});
  bench::ReplayOptions o;
  o.also_record = &store;
  o.on_rows = [&](const PowerwallReading& pw, const VehicleReading& car, TimePoint at) {
    simulator.add(pw, car, at);
  };
  auto policy = make_policy("charge-now", {});
  ASSERT_TRUE(policy.ok());
  const auto level = spdlog::get_level();
  spdlog::set_level(spdlog::level::off);  // a decision every 30 s
  const bench::ReplayResult backtest = bench::replay(h, **policy, o);
  spdlog::set_level(level);
  ASSERT_EQ(backtest.refused, 0);
  const LedgerTotals& b = backtest.ledger;
  // The day exercises every source, so the rule's three parts are all compared.
  ASSERT_GT(b.solar_kwh, 1.0);
  ASSERT_GT(b.powerwall_kwh, 1.0);
  ASSERT_GT(b.grid_kwh, 0.5);
  EXPECT_EQ(b.cycles, 48 * 60);

  start_service("", false);
  auto r = get(root() + "/savings");
  ASSERT_EQ(r.status, 200) << r.body;
  const auto total = r.json().at("total");
  const LedgerTotals& s = simulator.totals();
  EXPECT_EQ(total.at("cycles").as_integer(), b.cycles);
  struct Figure {
    const char* field;
    double backtest, simulator;
  };
  for (const Figure& f :
       {Figure{"car_kwh", b.car_kwh, s.car_kwh}, Figure{"solar_kwh", b.solar_kwh, s.solar_kwh},
        Figure{"powerwall_kwh", b.powerwall_kwh, s.powerwall_kwh},
        Figure{"grid_kwh", b.grid_kwh, s.grid_kwh}, Figure{"cost", b.cost, s.cost},
        Figure{"baseline_cost", b.baseline_cost, s.baseline_cost}}) {
    const double savings = total.at(f.field).as_double();
    EXPECT_NEAR(savings, f.backtest, kCent) << f.field << " /savings vs backtest";
    EXPECT_NEAR(savings, f.simulator, kCent) << f.field << " /savings vs simulator";
    EXPECT_NEAR(f.backtest, f.simulator, kCent) << f.field << " backtest vs simulator";
  }
}

}  // namespace
}  // namespace p15::test
