// The home page's reads and the plug-in sessions on a real MariaDB (scripts/with-mariadb.sh):
// today's collector rows by the primary key, and p15_charge_session written with the ledger rows.
#include <gtest/gtest.h>

#include "service/clock/manual_clock.h"
#include "service/core/charge_session.h"
#include "service/store/mariadb_store.h"
#include "tests/support/test_db.h"

namespace p15::test {
namespace {

namespace chr = std::chrono;
using namespace std::chrono_literals;

const TimePoint kMidnight{chr::sys_days{chr::year{2026} / 12 / 3}.time_since_epoch() +
                          chr::hours{8}};  // 00:00 PST
constexpr const char* kVin = "5YJ3E1EA1KF000001";

std::string battery(double solar_w) {
  return R"({"solar_power":)" + std::to_string(solar_w) +
         R"(,"load_power":500,"grid_power":0,"battery_power":-100,"energy_left":5000,)"
         R"("total_pack_energy":13500,"backup_reserve_percent":20})";
}

std::string vehicle(int amps) {
  return R"({"state":"online","vin":")" + std::string(kVin) +
         R"(","charge_state":{"charging_state":"Charging","charger_actual_current":)" +
         std::to_string(amps) +
         R"(,"charge_current_request_max":32,"battery_level":64,"battery_range":171.5,)"
         R"("charger_voltage":240}})";
}

class HomeDataStoreTest : public ::testing::Test {
 protected:
  // `n` battery rows stamped `from`, `from` + 1 s, ..., in one statement.
  void old_battery_rows(int n, TimePoint from) {
    std::string sql = "INSERT INTO battery_model (data, `timestamp`) VALUES ";
    for (int i = 0; i < n; ++i) {
      sql += (i ? "," : "") + std::string("(") + db_.quote(battery(1)) + "," +
             db_.quote(sql_time(from + Seconds{i})) + ")";
    }
    db_.exec(sql);
  }

  TestDatabase db_;
  ManualClock clock_{kMidnight + chr::hours{12}};
  MariaDbStore store_{db_.config(), clock_};
};

TEST_F(HomeDataStoreTest, TodaysRowsParsedOldestFirstWithTheUnreadableAsErrors) {
  db_.insert_battery(battery(111), sql_time(kMidnight - Seconds{1}));  // yesterday's
  const auto first = db_.insert_battery(battery(1000), sql_time(kMidnight));
  const auto no_data = db_.insert_battery(std::nullopt, sql_time(kMidnight + Seconds{10}));
  const auto no_time = db_.insert_battery(battery(5), std::nullopt);
  const auto bad = db_.insert_battery(R"({"solar_power":"lots"})", sql_time(kMidnight + 20s));
  const auto last = db_.insert_battery(battery(3000), sql_time(kMidnight + chr::hours{1}));
  db_.insert_vehicle(vehicle(16), sql_time(kMidnight + Seconds{5}));
  auto rows = store_.rows_between(kMidnight, clock_.now());
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  ASSERT_EQ(rows->powerwall.size(), 5u);
  ASSERT_TRUE(rows->powerwall[0].ok()) << rows->powerwall[0].error().message;
  EXPECT_EQ(rows->powerwall[0]->row_id, first);
  EXPECT_EQ(rows->powerwall[0]->row_time, kMidnight);
  EXPECT_EQ(rows->powerwall[0]->solar_w, 1000);
  struct Bad {
    std::size_t at;
    std::int64_t id;
    const char* says;
  };
  for (const Bad& b : {Bad{1, no_data, "data is NULL"}, Bad{2, no_time, "timestamp is NULL"},
                       Bad{3, bad, "solar_power"}}) {
    ASSERT_FALSE(rows->powerwall[b.at].ok()) << b.at;
    const std::string& m = rows->powerwall[b.at].error().message;
    EXPECT_NE(m.find("battery_model row " + std::to_string(b.id)), std::string::npos) << m;
    EXPECT_NE(m.find(b.says), std::string::npos) << m;
  }
  EXPECT_EQ(rows->powerwall[4]->row_id, last);
  ASSERT_EQ(rows->vehicle.size(), 1u);
  ASSERT_TRUE(rows->vehicle[0].ok()) << rows->vehicle[0].error().message;
  EXPECT_EQ(rows->vehicle[0]->charger_actual_current, 16);
  EXPECT_EQ(rows->vehicle[0]->vin, kVin);
}

TEST_F(HomeDataStoreTest, TheReadStopsSoonAfterYesterdaysRows) {
  // A NULL-stamped row deep in yesterday: read, it would be counted; the read stops before it.
  db_.insert_battery(battery(9), std::nullopt);
  old_battery_rows(1200, kMidnight - chr::hours{2});
  // Today's rows, across more than one page of the read.
  old_battery_rows(700, kMidnight + Seconds{60});
  auto rows = store_.rows_between(kMidnight, clock_.now());
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  ASSERT_EQ(rows->powerwall.size(), 700u);
  for (const auto& r : rows->powerwall) ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(rows->powerwall.front()->row_time, kMidnight + Seconds{60});
  EXPECT_EQ(rows->powerwall.back()->row_time, kMidnight + Seconds{759});
  EXPECT_TRUE(rows->vehicle.empty());
}

TEST_F(HomeDataStoreTest, RowsAfterTheSpanAreLeftOut) {
  db_.insert_battery(battery(1), sql_time(kMidnight + Seconds{1}));
  db_.insert_battery(battery(2), sql_time(clock_.now() + Seconds{30}));
  auto rows = store_.rows_between(kMidnight, clock_.now());
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  ASSERT_EQ(rows->powerwall.size(), 1u);
  EXPECT_EQ(rows->powerwall[0]->solar_w, 1);
}

TEST_F(HomeDataStoreTest, TheSharedTablesKeepTheirOwnIndexes) {
  store_.rows_between(kMidnight, clock_.now());
  for (const char* table : {"battery_model", "vehicle_model"}) {
    EXPECT_EQ(db_.scalar("SELECT GROUP_CONCAT(INDEX_NAME) FROM information_schema.STATISTICS "
                         "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '" +
                         std::string(table) + "'"),
              "PRIMARY")
        << table;
  }
}

// --- p15_charge_session -------------------------------------------------------------------------

LedgerEntry entry(TimePoint at, double car_kwh) {
  LedgerEntry e;
  e.at = at;
  e.elapsed = Seconds{60};
  e.car_kwh = car_kwh;
  e.solar_kwh = car_kwh * 0.5;
  e.powerwall_kwh = car_kwh * 0.25;
  e.grid_kwh = car_kwh * 0.25;
  e.cost = car_kwh * 0.1;
  e.baseline_cost = car_kwh * 0.2291;
  e.baseline_at = at;
  return e;
}

SessionDelta delta(const std::string& vin, TimePoint start, TimePoint at, double kwh,
                   long long commands = 0, long long wakes = 0) {
  SessionDelta d;
  d.key = SessionKey{vin, start};
  d.last_at = at;
  d.add.car_kwh = kwh;
  d.add.solar_kwh = kwh * 0.5;
  d.add.powerwall_kwh = kwh * 0.25;
  d.add.grid_kwh = kwh * 0.25;
  d.add.cost = kwh * 0.1;
  d.add.baseline_cost = kwh * 0.2291;
  d.add.commands = commands;
  d.add.wake_ups = wakes;
  return d;
}

TEST_F(HomeDataStoreTest, SessionLinesAddUpRowByRowAndEnd) {
  const TimePoint s = kMidnight + chr::hours{10};
  SessionDelta open = delta(kVin, s, s, 0, 2, 1);
  open.opens = true;
  ASSERT_TRUE(store_.record_ledger(1, "smart", entry(s, 0), {open}).ok());
  ASSERT_TRUE(
      store_.record_ledger(2, "smart", entry(s + 60s, 0.5), {delta(kVin, s, s + 60s, 0.5)}).ok());
  SessionDelta end = delta(kVin, s, s, 0, 1, 0);
  end.last_at.reset();
  end.ended_at = s + 120s;
  ASSERT_TRUE(store_.record_ledger(3, "smart", entry(s + 120s, 0), {end}).ok());
  auto list = store_.charge_sessions(std::nullopt);
  ASSERT_TRUE(list.ok()) << list.error().message;
  ASSERT_EQ(list->sessions.size(), 1u);
  const ChargeSession& got = list->sessions[0];
  EXPECT_EQ(got.key.vin, kVin);
  EXPECT_EQ(got.key.started_at, s);
  EXPECT_EQ(got.last_at, s + 60s);
  ASSERT_TRUE(got.ended_at.has_value());
  EXPECT_EQ(*got.ended_at, s + 120s);
  EXPECT_DOUBLE_EQ(got.sums.car_kwh, 0.5);
  EXPECT_DOUBLE_EQ(got.sums.solar_kwh, 0.25);
  EXPECT_DOUBLE_EQ(got.sums.baseline_cost, 0.5 * 0.2291);
  EXPECT_EQ(got.sums.commands, 3);
  EXPECT_EQ(got.sums.wake_ups, 1);
}

TEST_F(HomeDataStoreTest, NewestFirstPageWithTotalsOverAll) {
  for (int i = 0; i < 4; ++i) {
    const TimePoint s = kMidnight + chr::hours{i};
    SessionDelta d = delta(kVin, s, s + 60s, 1.0 + i, i);
    d.opens = true;
    ASSERT_TRUE(store_.record_ledger(i + 1, "smart", entry(s + 60s, 1.0 + i), {d}).ok());
  }
  auto page = store_.charge_sessions(2);
  ASSERT_TRUE(page.ok()) << page.error().message;
  ASSERT_EQ(page->sessions.size(), 2u);
  EXPECT_EQ(page->sessions[0].key.started_at, kMidnight + chr::hours{3});
  EXPECT_EQ(page->sessions[1].key.started_at, kMidnight + chr::hours{2});
  EXPECT_DOUBLE_EQ(page->totals.car_kwh, 1 + 2 + 3 + 4);
  EXPECT_EQ(page->totals.commands, 0 + 1 + 2 + 3);
  // Each new session of the car ended the one before it, at its own start.
  auto all = store_.charge_sessions(std::nullopt);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->sessions.size(), 4u);
  EXPECT_FALSE(all->sessions[0].ended_at.has_value());
  for (std::size_t i = 1; i < 4; ++i) {
    ASSERT_TRUE(all->sessions[i].ended_at.has_value()) << i;
    EXPECT_EQ(*all->sessions[i].ended_at, all->sessions[i - 1].key.started_at) << i;
  }
  // The lines' sums are the ledger's.
  EXPECT_EQ(db_.scalar("SELECT SUM(car_kwh) FROM p15_energy_ledger"), "10");
}

TEST_F(HomeDataStoreTest, AnEndOnlyDeltaEndsTheCarsOpenLinesAndAddsNone) {
  const TimePoint s = kMidnight + chr::hours{1};
  SessionDelta open = delta(kVin, s, s, 1);
  open.opens = true;
  ASSERT_TRUE(store_.record_ledger(1, "smart", entry(s, 1), {open}).ok());
  ASSERT_TRUE(store_.record_ledger(2, "smart", entry(s, 1), {delta("OTHER", s, s, 1)}).ok());
  SessionDelta end_older;
  end_older.key = SessionKey{kVin, s + chr::hours{2}};
  end_older.opens = true;
  end_older.line = false;
  ASSERT_TRUE(store_.record_ledger(3, "smart", entry(s + chr::hours{2}, 0), {end_older}).ok());
  auto all = store_.charge_sessions(std::nullopt);
  ASSERT_TRUE(all.ok()) << all.error().message;
  ASSERT_EQ(all->sessions.size(), 2u);
  for (const ChargeSession& line : all->sessions) {
    if (line.key.vin == kVin) {
      ASSERT_TRUE(line.ended_at.has_value());
      EXPECT_EQ(*line.ended_at, s + chr::hours{2});
    } else {
      EXPECT_FALSE(line.ended_at.has_value()) << "another car's line stays open";
    }
  }
}

TEST_F(HomeDataStoreTest, AFailedSessionWriteRollsTheLedgerRowBack) {
  db_.exec("DROP TABLE p15_charge_session");
  const TimePoint s = kMidnight + chr::hours{10};
  auto r = store_.record_ledger(1, "smart", entry(s, 1), {delta(kVin, s, s, 1)});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Unavailable);
  EXPECT_NE(r.error().message.find("p15_charge_session"), std::string::npos) << r.error().message;
  EXPECT_EQ(db_.scalar("SELECT COUNT(*) FROM p15_energy_ledger"), "0");
  EXPECT_EQ(db_.scalar("SELECT COUNT(*) FROM p15_energy_ledger_hourly"), "0");
  db_.apply_schema();  // safe again, and it brings the table back
  db_.apply_schema();
  ASSERT_TRUE(store_.record_ledger(1, "smart", entry(s, 1), {delta(kVin, s, s, 1)}).ok());
  EXPECT_EQ(db_.scalar("SELECT COUNT(*) FROM p15_charge_session"), "1");
}

TEST_F(HomeDataStoreTest, AnOverlongVinIsInvalidAndWritesNothing) {
  const TimePoint s = kMidnight;
  auto r = store_.record_ledger(1, "smart", entry(s, 1), {delta(std::string(33, 'V'), s, s, 1)});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Invalid);
  EXPECT_NE(r.error().message.find("p15_charge_session: vin"), std::string::npos);
  EXPECT_EQ(db_.scalar("SELECT COUNT(*) FROM p15_energy_ledger"), "0");
}

}  // namespace
}  // namespace p15::test
