// MariaDbStore against a real MariaDB (run under scripts/with-mariadb.sh).
#include <date/date.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <iterator>
#include <thread>

#include "service/clock/manual_clock.h"
#include "service/config/time_zones.h"
#include "service/store/mariadb_store.h"
#include "tests/support/service_process.h"
#include "tests/support/test_db.h"

namespace p15::test {
namespace {

using std::chrono::sys_days;
using namespace std::chrono_literals;

// 2024-05-01 hh:mm:ss UTC, as the store must read a DATETIME written as that UTC wall time.
TimePoint may1(int h, int m, int s) {
  return TimePoint{sys_days{std::chrono::year{2024} / 5 / 1}.time_since_epoch() +
                   std::chrono::hours{h} + std::chrono::minutes{m} + std::chrono::seconds{s}};
}

std::string flat(double solar_w) {
  return R"({"solar_power":)" + std::to_string(solar_w) +
         R"(,"load_power":500,"grid_power":0,"battery_power":-100,"energy_left":5000,)"
         R"("total_pack_energy":13500,"backup_reserve_percent":20,"grid_status":"Active"})";
}

const char* const kLegacy =
    R"({"energy_left":9211.5,"total_pack_energy":13098,"percentage_charged":70.3,)"
    R"("backup":{"backup_reserve_percent":20},"power_reading":[{"load_power":850,)"
    R"("solar_power":5700,"grid_power":-3650,"battery_power":-1200,"generator_power":0}]})";

const char* const kCar =
    R"({"state":"online","vin":"5YJ3E1EA1KF000001","charge_state":{"charging_state":"Charging",)"
    R"("charger_actual_current":16,"charge_current_request_max":32,"battery_level":64,)"
    R"("battery_range":171.5,"charger_voltage":240,"charger_phases":1}})";

Decision decision(int amps, std::vector<Feature> features = {}) {
  Decision d;
  d.amps = amps;
  d.policy = "legacy";
  d.features = std::move(features);
  return d;
}

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

class StoreTest : public ::testing::Test {
 protected:
  // The store's server connection ids: those on this database that are not the harness's own.
  std::vector<std::string> store_connection_ids() {
    std::vector<std::string> ids;
    for (const auto& row : db_.query("SELECT ID FROM information_schema.PROCESSLIST WHERE DB = " +
                                     db_.quote(db_.name()) + " AND ID <> CONNECTION_ID()")) {
      ids.push_back(row.at(0).value_or(""));
    }
    return ids;
  }

  TestDatabase db_;
  MariaDbStore store_{db_.config()};
};

TEST_F(StoreTest, EmptyTablesAreNotFoundNamingTheTable) {
  auto pw = store_.newest_powerwall();
  ASSERT_FALSE(pw.ok());
  EXPECT_EQ(pw.error().kind, ErrorKind::NotFound);
  EXPECT_TRUE(contains(pw.error().message, "battery_model")) << pw.error().message;
  auto car = store_.newest_vehicle();
  ASSERT_FALSE(car.ok());
  EXPECT_EQ(car.error().kind, ErrorKind::NotFound);
  EXPECT_TRUE(contains(car.error().message, "vehicle_model")) << car.error().message;
}

TEST_F(StoreTest, NewestIsLatestTimestampThenHighestId) {
  db_.insert_battery(flat(1), "2024-05-01 12:00:05");
  db_.insert_battery(flat(2), "2024-05-01 12:00:07");
  const auto newest = db_.insert_battery(flat(3), "2024-05-01 12:00:07");
  db_.insert_battery(flat(4), "2024-05-01 12:00:01");  // higher id, older: not newest
  db_.insert_battery(flat(5), std::nullopt);           // no time at all: never newest
  auto r = store_.newest_powerwall();
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->row_id, newest);
  EXPECT_DOUBLE_EQ(r->solar_w, 3);
  EXPECT_EQ(r->row_time, may1(12, 0, 7));
}

// The newest row is read from the last rows by id, not by sorting the table: a row appended out
// of time order inside that window still loses to a newer timestamp.
TEST_F(StoreTest, TheNewestIsFoundAmongTheLastRowsByIdWithTheTieRule) {
  for (int i = 0; i < 200; ++i) db_.insert_battery(flat(i), "2024-05-01 11:00:00");
  const auto newest = db_.insert_battery(flat(500), "2024-05-01 12:00:07");
  db_.insert_battery(flat(501), "2024-05-01 12:00:07");
  db_.exec("UPDATE battery_model SET `timestamp` = '2024-05-01 12:00:03' WHERE id = " +
           std::to_string(newest + 1));  // written late, stamped earlier
  auto r = store_.newest_powerwall();
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->row_id, newest);
  EXPECT_EQ(r->row_time, may1(12, 0, 7));
}

// The original collector stamped its local wall clock: with database.row_time_zone set, a row
// written a few seconds ago in Pacific time is fresh, not hours old or in the future.
TEST_F(StoreTest, RowsInTheCollectorsLocalZoneAreReadAsTheirInstant) {
  DatabaseConfig zoned = db_.config();
  zoned.row_time_zone = "America/Los_Angeles";
  MariaDbStore store{zoned};
  const TimePoint written =
      std::chrono::time_point_cast<Seconds>(std::chrono::system_clock::now()) - Seconds{5};
  const LocalSeconds local = to_local(us_pacific_zone(), written);
  db_.insert_battery(flat(9), date::format("%F %T", TimePoint{local.time_since_epoch()}));
  auto r = store.newest_powerwall();
  ASSERT_TRUE(r.ok()) << r.error().message;
  const long long age =
      (std::chrono::time_point_cast<Seconds>(std::chrono::system_clock::now()) - r->row_time)
          .count();
  EXPECT_GE(age, 3);
  EXPECT_LE(age, 30);
}

TEST_F(StoreTest, ReadsBothPowerwallShapes) {
  db_.insert_battery(kLegacy, "2024-05-01 12:00:00");
  auto legacy = store_.newest_powerwall();
  ASSERT_TRUE(legacy.ok()) << legacy.error().message;
  EXPECT_EQ(legacy->shape, PowerwallShape::Legacy);
  EXPECT_DOUBLE_EQ(legacy->grid_w, -3650);

  db_.insert_battery(flat(6120), "2024-05-01 12:00:30");
  auto current = store_.newest_powerwall();
  ASSERT_TRUE(current.ok()) << current.error().message;
  EXPECT_EQ(current->shape, PowerwallShape::Current);
  EXPECT_DOUBLE_EQ(current->solar_w, 6120);
}

TEST_F(StoreTest, ReadsNewestVehicle) {
  db_.insert_vehicle(R"({"response":{"state":"asleep","charge_state":{"charging_state":"Stopped",
      "charger_actual_current":0,"battery_level":50,"battery_range":120}}})",
                     "2024-05-01 11:59:00");
  const auto id = db_.insert_vehicle(kCar, "2024-05-01 12:00:00");
  auto car = store_.newest_vehicle();
  ASSERT_TRUE(car.ok()) << car.error().message;
  EXPECT_EQ(car->row_id, id);
  EXPECT_EQ(car->row_time, may1(12, 0, 0));
  EXPECT_EQ(car->charging_state, ChargingState::Charging);
  EXPECT_EQ(car->charger_actual_current, 16);
  EXPECT_EQ(car->charge_current_request_max, 32);
  EXPECT_EQ(car->vin, "5YJ3E1EA1KF000001");
}

TEST_F(StoreTest, MalformedNewestRowIsInvalidNamingRowAndField) {
  db_.insert_battery(flat(1), "2024-05-01 12:00:00");  // an older good row is not a fallback
  const auto id =
      db_.insert_battery(R"({"solar_power":"lots","load_power":1})", "2024-05-01 12:00:30");
  auto r = store_.newest_powerwall();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Invalid);
  EXPECT_TRUE(contains(r.error().message, "battery_model row " + std::to_string(id) +
                                              ": field \"solar_power\" must be a number"))
      << r.error().message;
}

TEST_F(StoreTest, TextThatIsNotJsonIsInvalidNamingRow) {
  // The JSON column's CHECK refuses such text; an older server or a MySQL dump may still hold it.
  db_.exec("SET SESSION check_constraint_checks = 0");
  db_.exec(
      "INSERT INTO vehicle_model (data, `timestamp`) VALUES ('{not json', "
      "'2024-05-01 12:00:00')");
  const auto id = db_.scalar("SELECT LAST_INSERT_ID()").value();
  auto r = store_.newest_vehicle();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Invalid);
  EXPECT_TRUE(contains(r.error().message, "vehicle_model row " + id + ": data is not valid JSON"))
      << r.error().message;
}

TEST_F(StoreTest, NullDataIsInvalidNamingRow) {
  const auto id = db_.insert_battery(std::nullopt, "2024-05-01 12:00:00");
  auto r = store_.newest_powerwall();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Invalid);
  EXPECT_EQ(r.error().message, "battery_model row " + std::to_string(id) + ": data is NULL");
}

TEST_F(StoreTest, NullTimestampIsInvalidNamingRow) {
  const auto id = db_.insert_vehicle(kCar, std::nullopt);
  auto r = store_.newest_vehicle();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Invalid);
  EXPECT_EQ(r.error().message, "vehicle_model row " + std::to_string(id) + ": timestamp is NULL");
}

TEST_F(StoreTest, RecordDecisionRoundTripsInUtc) {
  auto d = decision(17, {{"solar_w", 5700.0}, {"charging_state", std::string("Charging")}});
  auto id = store_.record_decision(d, may1(12, 34, 56));
  ASSERT_TRUE(id.ok()) << id.error().message;
  auto rows = db_.query(
      "SELECT id, amps, ai_model, JSON_VALUE(features, '$.solar_w'), "
      "JSON_VALUE(features, '$.charging_state'), JSON_TYPE(JSON_EXTRACT(features, '$.solar_w')), "
      "JSON_LENGTH(features), `timestamp` FROM smart_charger_model");
  ASSERT_EQ(rows.size(), 1u);
  const auto& row = rows[0];
  EXPECT_EQ(row[0], std::to_string(*id));
  EXPECT_EQ(row[1], "17");
  EXPECT_EQ(row[2], "legacy");
  EXPECT_EQ(row[3], "5700");
  EXPECT_EQ(row[4], "Charging");
  EXPECT_EQ(row[5], "INTEGER");  // a JSON number, not the string "5700"
  EXPECT_EQ(row[6], "2");
  EXPECT_EQ(row[7], "2024-05-01 12:34:56");  // UTC, whatever the server's own zone

  auto second = store_.record_decision(decision(0), may1(12, 35, 26));
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_GT(*second, *id);
  EXPECT_EQ(
      db_.scalar("SELECT features FROM smart_charger_model WHERE id = " + std::to_string(*second)),
      "{}");
}

TEST_F(StoreTest, OverlongPolicyNameIsInvalidAndWritesNothing) {
  Decision d;
  d.policy = std::string(51, 'x');
  auto r = store_.record_decision(d, may1(12, 0, 0));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Invalid);
  EXPECT_TRUE(contains(r.error().message, "ai_model")) << r.error().message;
  EXPECT_EQ(db_.scalar("SELECT COUNT(*) FROM smart_charger_model"), "0");
}

TEST_F(StoreTest, DoesNotConnectUntilFirstUse) {
  EXPECT_TRUE(store_connection_ids().empty());
  ASSERT_TRUE(store_.ping().ok());
  EXPECT_EQ(store_connection_ids().size(), 1u);
}

TEST_F(StoreTest, ReconnectsAfterItsConnectionIsKilled) {
  db_.insert_battery(flat(42), "2024-05-01 12:00:00");
  ASSERT_TRUE(store_.ping().ok());
  auto before = store_connection_ids();
  ASSERT_EQ(before.size(), 1u);
  db_.exec("KILL CONNECTION " + before[0]);

  auto r = store_.newest_powerwall();
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_DOUBLE_EQ(r->solar_w, 42);
  auto after = store_connection_ids();
  ASSERT_EQ(after.size(), 1u);
  EXPECT_NE(after[0], before[0]);
}

TEST_F(StoreTest, ConnectsThroughTheSocketWhenConfigured) {
  ASSERT_FALSE(db_.socket().empty()) << "P15_TEST_DB_SOCKET is not set";
  auto config = db_.config();
  config.host = "ignored.invalid";
  config.socket = db_.socket();
  MariaDbStore store(config);
  EXPECT_TRUE(contains(store.target(), db_.socket()));
  auto st = store.ping();
  EXPECT_TRUE(st.ok()) << st.error().message;
}

TEST_F(StoreTest, ConcurrentCallersShareOneConnection) {
  db_.insert_battery(flat(1), "2024-05-01 12:00:00");
  db_.insert_vehicle(kCar, "2024-05-01 12:00:00");
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) {
        auto d = decision(t * 10 + i, {{"i", double(i)}});
        if (!store_.record_decision(d, may1(12, 0, i)).ok()) ++failures;
        if (!store_.newest_powerwall().ok()) ++failures;
        if (!store_.newest_vehicle().ok()) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(db_.scalar("SELECT COUNT(DISTINCT amps) FROM smart_charger_model"), "40");
}

TEST_F(StoreTest, ApplyingTheSchemaTwiceIsHarmless) {
  db_.insert_battery(flat(1), "2024-05-01 12:00:00");
  std::ifstream schema(test_source_dir() + "/config/schema.sql");
  std::string sql((std::istreambuf_iterator<char>(schema)), std::istreambuf_iterator<char>());
  ASSERT_FALSE(sql.empty());
  db_.exec(sql);
  EXPECT_EQ(db_.scalar("SELECT COUNT(*) FROM battery_model"), "1");
}

TEST(StoreUnavailable, ClosedPortFailsFastNamingTargetNotPassword) {
  DatabaseConfig config;
  config.host = "127.0.0.1";
  config.port = free_port();
  config.name = "p15_nowhere";
  config.password = "s3cret-hunter2";
  config.connect_timeout_s = 2;
  MariaDbStore store(config);  // must not throw or block: the service starts while the DB is down
  const std::string target = "127.0.0.1:" + std::to_string(config.port) + "/p15_nowhere";
  const auto started = std::chrono::steady_clock::now();
  std::vector<Error> errors;
  if (auto r = store.ping(); !r.ok()) errors.push_back(r.error());
  if (auto r = store.newest_powerwall(); !r.ok()) errors.push_back(r.error());
  if (auto r = store.newest_vehicle(); !r.ok()) errors.push_back(r.error());
  if (auto r = store.record_decision(Decision{}, may1(0, 0, 0)); !r.ok()) {
    errors.push_back(r.error());
  }
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
  ASSERT_EQ(errors.size(), 4u);
  for (const auto& e : errors) {
    EXPECT_EQ(e.kind, ErrorKind::Unavailable);
    EXPECT_TRUE(contains(e.message, target)) << e.message;
    EXPECT_FALSE(contains(e.message, "s3cret")) << e.message;
  }
}

TEST(StoreUnavailable, ReconnectsBackOffAndEveryAttemptIsReported) {
  DatabaseConfig config;
  config.host = "127.0.0.1";
  config.port = free_port();
  config.name = "p15_nowhere";
  config.connect_timeout_s = 1;
  config.reconnect_max_s = 4;
  ManualClock clock(may1(12, 0, 0));
  std::vector<ConnectAttempt> attempts;
  MariaDbStore store(config, clock, [&](const ConnectAttempt& a) { attempts.push_back(a); });
  // (seconds advanced before the call, attempts reported so far, the wait the last one set)
  const struct {
    int advance_s, attempts, retry_in_s;
  } steps[] = {{0, 1, 1}, {0, 1, 1}, {1, 2, 2}, {1, 2, 2}, {1, 3, 4}, {3, 3, 4}, {1, 4, 4}};
  for (const auto& step : steps) {
    clock.advance(std::chrono::seconds(step.advance_s));
    auto st = store.ping();
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.error().kind, ErrorKind::Unavailable);
    ASSERT_EQ(attempts.size(), static_cast<size_t>(step.attempts)) << st.error().message;
    EXPECT_FALSE(attempts.back().ok);
    EXPECT_EQ(attempts.back().failures, step.attempts);
    EXPECT_EQ(attempts.back().retry_in.count(), step.retry_in_s);
    EXPECT_TRUE(contains(st.error().message, "next attempt in ")) << st.error().message;
  }
  // Between attempts the answer names the last failure without trying again.
  auto st = store.newest_powerwall();
  ASSERT_FALSE(st.ok());
  EXPECT_TRUE(contains(st.error().message, "not connected (attempt 4 failed: connect failed: "))
      << st.error().message;
  EXPECT_EQ(attempts.size(), 4u);
}

TEST_F(StoreTest, ASuccessfulConnectionIsReportedWithNoWait) {
  std::vector<ConnectAttempt> attempts;
  ManualClock clock(may1(12, 0, 0));
  MariaDbStore store(db_.config(), clock, [&](const ConnectAttempt& a) { attempts.push_back(a); });
  ASSERT_TRUE(store.ping().ok());
  ASSERT_EQ(attempts.size(), 1u);
  EXPECT_TRUE(attempts[0].ok);
  EXPECT_EQ(attempts[0].retry_in.count(), 0);
}

TEST_F(StoreTest, WrongPasswordIsUnavailableWithoutThePassword) {
  auto config = db_.config();
  config.user = "p15_no_such_user";
  config.password = "s3cret-hunter2";
  MariaDbStore store(config);
  auto st = store.ping();
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().kind, ErrorKind::Unavailable);
  EXPECT_TRUE(contains(st.error().message, "Access denied")) << st.error().message;
  EXPECT_FALSE(contains(st.error().message, "s3cret")) << st.error().message;
}

TEST_F(StoreTest, MissingDatabaseIsUnavailableNamingIt) {
  auto config = db_.config();
  config.name = db_.name() + "_missing";
  MariaDbStore store(config);
  auto r = store.newest_powerwall();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Unavailable);
  EXPECT_TRUE(contains(r.error().message, config.name)) << r.error().message;
}

TEST_F(StoreTest, MissingTableIsUnavailableThenRecoversOnceCreated) {
  db_.exec("DROP TABLE battery_model");
  auto r = store_.newest_powerwall();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Unavailable);
  EXPECT_TRUE(contains(r.error().message, "battery_model")) << r.error().message;
  db_.apply_schema();
  db_.insert_battery(flat(9), "2024-05-01 12:00:00");
  auto again = store_.newest_powerwall();
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_DOUBLE_EQ(again->solar_w, 9);
}

}  // namespace
}  // namespace p15::test
