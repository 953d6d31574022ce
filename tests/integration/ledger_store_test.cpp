// The cost ledger's table (p15_energy_ledger) through MariaDbStore against a real MariaDB.
#include <gtest/gtest.h>

#include <tuple>

#include "service/store/mariadb_store.h"
#include "tests/support/service_process.h"
#include "tests/support/test_db.h"

namespace p15::test {
namespace {

namespace chr = std::chrono;

TimePoint utc(int y, unsigned mo, unsigned d, int h, int mi = 0, int s = 0) {
  return TimePoint{chr::sys_days{chr::year{y} / mo / d}.time_since_epoch()} + chr::hours{h} +
         chr::minutes{mi} + Seconds{s};
}

// A row whose every number is distinct, so a swapped column shows.
LedgerEntry entry(TimePoint at, double scale) {
  LedgerEntry e;
  e.at = at;
  e.elapsed = Seconds{30};
  e.solar_kwh = 0.01 * scale;
  e.powerwall_kwh = 0.02 * scale;
  e.grid_kwh = 0.04 * scale;
  e.car_kwh = 0.07 * scale;
  e.import_price = 0.2291;
  e.export_price = 0.062;
  e.grid_cost = 0.001 * scale;
  e.export_forgone = 0.002 * scale;
  e.powerwall_value = 0.004 * scale;
  e.cost = 0.007 * scale;
  e.baseline_at = at - Seconds{600};
  e.baseline_price = 0.2291;
  e.baseline_cost = 0.016 * scale;
  return e;
}

class LedgerStoreTest : public ::testing::Test {
 protected:
  TestDatabase db_;
  MariaDbStore store_{db_.config()};
};

TEST_F(LedgerStoreTest, RowRoundTripsInUtc) {
  auto id = store_.record_ledger(41, "smart", entry(utc(2026, 6, 15, 19, 0, 30), 1), {});
  ASSERT_TRUE(id.ok()) << id.error().message;
  auto rows = db_.query(
      "SELECT id, decision_id, policy, `timestamp`, elapsed_s, car_kwh, solar_kwh, powerwall_kwh, "
      "grid_kwh, import_price, export_price, grid_cost, export_forgone, powerwall_value, cost, "
      "baseline_at, baseline_price, baseline_cost FROM p15_energy_ledger");
  ASSERT_EQ(rows.size(), 1u);
  const auto& r = rows[0];
  EXPECT_EQ(r[0], std::to_string(*id));
  EXPECT_EQ(r[1], "41");
  EXPECT_EQ(r[2], "smart");
  EXPECT_EQ(r[3], "2026-06-15 19:00:30");
  EXPECT_EQ(r[4], "30");
  const char* want[] = {"0.07",  "0.01",  "0.02",  "0.04",  "0.2291",
                        "0.062", "0.001", "0.002", "0.004", "0.007"};
  for (int i = 0; i < 10; ++i) EXPECT_EQ(r[5 + i], want[i]) << "column " << 5 + i;
  EXPECT_EQ(r[15], "2026-06-15 18:50:30");
  EXPECT_EQ(r[16], "0.2291");
  EXPECT_EQ(r[17], "0.016");
}

TEST_F(LedgerStoreTest, NoSessionStoresNoBaselineTime) {
  LedgerEntry e;  // a disconnected car: nothing drawn, no plug-in session
  e.at = utc(2026, 6, 15, 19);
  ASSERT_TRUE(store_.record_ledger(1, "legacy", e, {}).ok());
  EXPECT_EQ(db_.scalar("SELECT baseline_at FROM p15_energy_ledger"), std::nullopt);
  EXPECT_EQ(db_.scalar("SELECT car_kwh FROM p15_energy_ledger"), "0");
}

TEST_F(LedgerStoreTest, OverlongPolicyIsInvalidAndWritesNothing) {
  auto r = store_.record_ledger(1, std::string(51, 'x'), entry(utc(2026, 6, 15, 19), 1), {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Invalid);
  EXPECT_NE(r.error().message.find("p15_energy_ledger"), std::string::npos);
  EXPECT_EQ(db_.scalar("SELECT COUNT(*) FROM p15_energy_ledger"), "0");
}

TEST_F(LedgerStoreTest, EmptyLedgerSumsToZero) {
  auto t = store_.savings_totals({utc(2026, 6, 15, 7), utc(2026, 6, 1, 7), utc(2026, 1, 1, 8)});
  ASSERT_TRUE(t.ok()) << t.error().message;
  for (const LedgerTotals* p : {&t->today, &t->month, &t->year, &t->total}) {
    EXPECT_EQ(p->cycles, 0);
    EXPECT_EQ(p->car_kwh, 0);
    EXPECT_EQ(p->cost, 0);
    EXPECT_EQ(p->baseline_cost, 0);
  }
}

TEST_F(LedgerStoreTest, SumsTodayMonthYearAndTotalFromTheirStarts) {
  const SavingsPeriods p{utc(2026, 6, 15, 7), utc(2026, 6, 1, 7), utc(2026, 1, 1, 8)};
  // Scales: 0.1 last year, 1 last month, 10 earlier this month, 100 and 1000 today; the starts
  // are inclusive.
  ASSERT_TRUE(store_.record_ledger(9, "smart", entry(p.year_start - Seconds{1}, 0.1), {}).ok());
  ASSERT_TRUE(store_.record_ledger(8, "smart", entry(p.year_start, 0.0), {}).ok());
  ASSERT_TRUE(store_.record_ledger(1, "smart", entry(p.month_start - Seconds{1}, 1), {}).ok());
  ASSERT_TRUE(store_.record_ledger(2, "smart", entry(p.month_start, 10), {}).ok());
  ASSERT_TRUE(store_.record_ledger(3, "smart", entry(p.today_start, 100), {}).ok());
  ASSERT_TRUE(
      store_.record_ledger(4, "smart", entry(p.today_start + chr::hours{5}, 1000), {}).ok());
  auto t = store_.savings_totals(p);
  ASSERT_TRUE(t.ok()) << t.error().message;
  struct Want {
    const LedgerTotals& got;
    long long cycles;
    double scale;
  };
  for (const Want& w : {Want{t->today, 2, 1100}, Want{t->month, 3, 1110}, Want{t->year, 5, 1111},
                        Want{t->total, 6, 1111.1}}) {
    EXPECT_EQ(w.got.cycles, w.cycles);
    EXPECT_NEAR(w.got.car_kwh, 0.07 * w.scale, 1e-9);
    EXPECT_NEAR(w.got.solar_kwh, 0.01 * w.scale, 1e-9);
    EXPECT_NEAR(w.got.powerwall_kwh, 0.02 * w.scale, 1e-9);
    EXPECT_NEAR(w.got.grid_kwh, 0.04 * w.scale, 1e-9);
    EXPECT_NEAR(w.got.grid_cost, 0.001 * w.scale, 1e-9);
    EXPECT_NEAR(w.got.export_forgone, 0.002 * w.scale, 1e-9);
    EXPECT_NEAR(w.got.powerwall_value, 0.004 * w.scale, 1e-9);
    EXPECT_NEAR(w.got.cost, 0.007 * w.scale, 1e-9);
    EXPECT_NEAR(w.got.baseline_cost, 0.016 * w.scale, 1e-9);
    EXPECT_NEAR(w.got.saving(), 0.009 * w.scale, 1e-9);
  }
}

TEST_F(LedgerStoreTest, HourlySumsAreTheRowsGroupedByHour) {
  // Three rows in one hour, one in the next; the sums are kept as rows are written.
  const TimePoint h = utc(2026, 6, 15, 19);
  for (auto [id, at, scale] :
       {std::tuple{1, h, 1.0}, std::tuple{2, h + Seconds{30}, 2.0},
        std::tuple{3, h + Seconds{3599}, 4.0}, std::tuple{4, h + Seconds{3600}, 8.0}}) {
    ASSERT_TRUE(store_.record_ledger(id, "smart", entry(at, scale), {}).ok());
  }
  auto hours = db_.query(
      "SELECT hour, cycles, ROUND(car_kwh, 9), ROUND(baseline_cost, 9) "
      "FROM p15_energy_ledger_hourly ORDER BY hour");
  ASSERT_EQ(hours.size(), 2u);
  EXPECT_EQ(hours[0][0], "2026-06-15 19:00:00");
  EXPECT_EQ(hours[0][1], "3");
  EXPECT_EQ(hours[0][2], "0.490000000");  // 0.07 x (1 + 2 + 4)
  EXPECT_EQ(hours[0][3], "0.112000000");  // 0.016 x 7
  EXPECT_EQ(hours[1][0], "2026-06-15 20:00:00");
  EXPECT_EQ(hours[1][1], "1");
  // The rebuild query in config/schema.sql gives the same sums.
  const std::string grouped =
      "SELECT DATE_FORMAT(`timestamp`, '%Y-%m-%d %H:00:00'), COUNT(*), ROUND(SUM(car_kwh), 9), "
      "ROUND(SUM(baseline_cost), 9) FROM p15_energy_ledger GROUP BY 1 ORDER BY 1";
  EXPECT_EQ(db_.query(grouped), hours);
}

TEST_F(LedgerStoreTest, SharedTablesAreUntouchedByTheLedger) {
  ASSERT_TRUE(store_.record_ledger(1, "smart", entry(utc(2026, 6, 15, 19), 1), {}).ok());
  EXPECT_EQ(db_.scalar("SELECT COUNT(*) FROM smart_charger_model"), "0");
  // The shared table keeps exactly the columns domain.md gives it.
  EXPECT_EQ(db_.scalar("SELECT GROUP_CONCAT(COLUMN_NAME ORDER BY ORDINAL_POSITION) FROM "
                       "information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND "
                       "TABLE_NAME = 'smart_charger_model'"),
            "id,amps,ai_model,features,timestamp");
}

TEST(LedgerStoreUnavailable, DatabaseDownIsUnavailable) {
  DatabaseConfig config;
  config.host = "127.0.0.1";
  config.port = free_port();
  config.name = "p15_nowhere";
  config.connect_timeout_s = 2;
  MariaDbStore store(config);
  auto write = store.record_ledger(1, "smart", entry(utc(2026, 6, 15, 19), 1), {});
  ASSERT_FALSE(write.ok());
  EXPECT_EQ(write.error().kind, ErrorKind::Unavailable);
  auto sums = store.savings_totals({});
  ASSERT_FALSE(sums.ok());
  EXPECT_EQ(sums.error().kind, ErrorKind::Unavailable);
  EXPECT_NE(sums.error().message.find("p15_nowhere"), std::string::npos) << sums.error().message;
}

}  // namespace
}  // namespace p15::test
