// Fault matrix, the database's side: MariaDB down at start-up, killed mid-run, a query that
// blocks, and a collector that stops writing while the service polls. The service must stay up,
// say what is wrong, back off its reconnects, and send the car nothing while it cannot read.
#include <gtest/gtest.h>

#include <thread>

#include "tests/e2e/fault_matrix.h"
#include "tests/e2e/fixtures.h"
#include "tests/support/mariadb_server.h"

namespace p15::test {
namespace {

using std::chrono::milliseconds;

const char* const kSecret = "hunter2-db-secret";
const std::string kRoot = "/project_15th_street";

// A poll every second on a MariaDB of the test's own (tests/support/mariadb_server.h), started,
// killed and restarted under the running service.
class OwnDatabaseFault : public ::testing::Test {
 protected:
  void start_service(const std::string& db_name) {
    DatabaseConfig db;
    db.host = "127.0.0.1";
    db.port = server_.port();
    db.user = "root";
    db.name = db_name;
    service_ = std::make_unique<ServiceProcess>(
        config_yaml(
            db, 0,
            fleet_vehicle_yaml(fleet_.base_url()) + "policy:\n  name: legacy\n" +
                "poll:\n  interval_s: 1\n  autostart: true\n"),
        std::map<std::string, std::string>{{"P15_VEHICLE_FLEET_TOKEN", kToken},
                                           {"P15_DATABASE_PASSWORD", kSecret},
                                           {"P15_DATABASE_CONNECT_TIMEOUT_S", "1"},
                                           {"P15_DATABASE_RECONNECT_MAX_S", "2"}});
  }
  HttpResult get(const std::string& path) { return http_get(service_->base_url() + path); }
  double metric(const std::string& series) { return metric_value(get("/metrics").body, series); }
  // Waits until the series has reached `at_least`.
  bool metric_reaches(const std::string& series, double at_least,
                      milliseconds timeout = milliseconds(20000)) {
    return eventually([&] { return metric(series) >= at_least; }, timeout);
  }
  // Three /healthcheck calls in a row: all 503, and the backoff answers at least one of them
  // without trying to connect. Returns one body that says so.
  std::string healthchecks_back_off() {
    std::string backing_off;
    for (int i = 0; i < 3; ++i) {
      auto h = get("/healthcheck");
      EXPECT_EQ(h.status, 503) << h.body;
      if (contains(h.body, "not connected (attempt ")) backing_off = h.body;
    }
    EXPECT_FALSE(backing_off.empty()) << "every call tried to connect: no backoff";
    return backing_off;
  }
  std::string target(const std::string& db_name) const {
    return "127.0.0.1:" + std::to_string(server_.port()) + "/" + db_name;
  }

  MariaDbServer server_;
  sim::FakeFleetServer fleet_{kToken};
  std::unique_ptr<ServiceProcess> service_;
};

const std::string kOk = "p15_poll_cycles_total{result=\"ok\"}";
const std::string kDbError = "p15_poll_cycles_total{result=\"db_error\"}";
const std::string kFailedConnects = "p15_db_connection_attempts_total{result=\"failed\"}";
const std::string kBackoff = "p15_db_reconnect_backoff_seconds";

// Surplus and a Stopped car under 60 miles: each trusted cycle sends set_charging_amps 32 and
// charge_start (the rows never change, so every cycle does).
void sunny_rows(TestDatabase& db, long long age_s = 2) {
  db.insert_battery(powerwall_flat(Flows{6000, 500, -5000, -500}), utc_sql_time(-age_s));
  db.insert_vehicle(vehicle_json(Car{}), utc_sql_time(-age_s));
}

TEST_F(OwnDatabaseFault, DownAtStartUpServiceStartsUnhealthyAndRecoversWhenItComesUp) {
  const std::string name = unique_database_name();
  start_service(name);  // nothing listens on the database port yet

  auto health = get("/healthcheck");
  EXPECT_EQ(health.status, 503) << health.body;
  EXPECT_TRUE(contains(health.body, "database: MariaDB " + target(name) + ": ")) << health.body;
  auto manage = get(kRoot + "/manage-vehicle");
  EXPECT_EQ(manage.status, 503) << manage.body;
  EXPECT_EQ(manage.json()["kind"].as_string(), "unavailable") << manage.body;
  ASSERT_TRUE(metric_reaches(kDbError, 2)) << service_->log();
  healthchecks_back_off();
  EXPECT_GE(metric(kFailedConnects), 1);
  EXPECT_GE(metric(kBackoff), 1);
  EXPECT_EQ(fleet_calls(fleet_.requests()), std::vector<std::string>{}) << "a command while blind";

  server_.start();
  TestDatabase db(server_.server(), name);
  sunny_rows(db);
  ASSERT_TRUE(metric_reaches(kOk, 1)) << service_->log();

  EXPECT_EQ(get("/healthcheck").status, 200);
  EXPECT_EQ(metric(kBackoff), 0);
  const std::string log = service_->log();
  const std::string reconnected = "store: reconnected to MariaDB " + target(name) + " after ";
  EXPECT_TRUE(contains(log, reconnected)) << log;
  EXPECT_TRUE(contains(log, "(attempt 1 failed: connect failed: ")) << log;
  auto calls = fleet_calls(fleet_.requests());
  ASSERT_GE(calls.size(), 2u);
  EXPECT_EQ(calls[0], "POST set_charging_amps 200");
  EXPECT_EQ(calls[1], "POST charge_start 200");
  EXPECT_FALSE(contains(log + health.body + manage.body, kSecret)) << "the password leaked";

  record_matrix_row(
      "1-db-01-down_at_start",
      {"MariaDB down at start-up, up a few seconds later",
       "started and served HTTP; each cycle failed (`db_error`), reconnects backed off 1, 2 s "
       "(`database.reconnect_max_s`: 2); Tesla requests while down: none; reconnected and the "
       "first cycle sent " +
           calls_text({calls[0], calls[1]}),
       "`/healthcheck` 503 " + code("database: MariaDB 127.0.0.1:PORT/DB: connect failed: ...") +
           ", then 200; `GET /manage-vehicle` 503 " + code("\"kind\":\"unavailable\"") + "; " +
           code(kFailedConnects + " >= 1") + ", " + code(kBackoff) + " 1..2 then 0; log " +
           code("store: reconnected to MariaDB 127.0.0.1:PORT/DB after N failed attempts") +
           "; the password in no log or answer"});
}

TEST_F(OwnDatabaseFault, KilledMidRunNoCrashBacksOffSendsNothingWhileBlindAndRecovers) {
  const std::string name = unique_database_name();
  server_.start();
  TestDatabase db(server_.server(), name);
  sunny_rows(db);
  start_service(name);
  ASSERT_TRUE(metric_reaches(kOk, 2)) << service_->log();

  server_.kill();  // SIGKILL: no shutdown, the service's connection cut
  ASSERT_TRUE(metric_reaches(kDbError, 1)) << service_->log();
  const int sent_when_blind = fleet_.commands();
  healthchecks_back_off();
  auto manage = get(kRoot + "/manage-vehicle");
  EXPECT_EQ(manage.status, 503) << manage.body;
  EXPECT_EQ(manage.json()["kind"].as_string(), "unavailable") << manage.body;
  ASSERT_TRUE(metric_reaches(kDbError, 3)) << service_->log();
  EXPECT_EQ(fleet_.commands(), sent_when_blind) << "a command while the database was down";

  server_.start();
  const double ok_before = metric(kOk);
  ASSERT_TRUE(metric_reaches(kOk, ok_before + 1)) << service_->log();
  EXPECT_EQ(get("/healthcheck").status, 200);
  EXPECT_GT(fleet_.commands(), sent_when_blind);
  EXPECT_TRUE(get(kRoot + "/stop-poll").json()["stopped"].as_bool());

  // Every trusted cycle recorded one decision and sent its two commands; no other cycle sent
  // anything. (One more row is possible: an insert committed just before the kill whose answer
  // never arrived counts as a failed cycle, and sends nothing.)
  const double ok = metric(kOk);
  db.reconnect();
  const double rows = std::stod(db.scalar("SELECT COUNT(*) FROM smart_charger_model").value());
  EXPECT_GE(rows, ok);
  EXPECT_LE(rows, ok + 1);
  EXPECT_EQ(fleet_.commands(), 2 * ok);
  EXPECT_EQ(metric(kBackoff), 0);
  const std::string log = service_->log();
  const std::string t = target(name);
  const std::vector<std::string> lines = {
      "store: connection to MariaDB " + t + " lost (",
      "store: cannot connect to MariaDB " + t + " (attempt 1 failed: ", "; next attempt in 1 s",
      "store: reconnected to MariaDB " + t};
  for (const std::string& line : lines) {
    EXPECT_TRUE(contains(log, line)) << "no log line with: " << line << "\n" << log;
  }

  record_matrix_row(
      "1-db-02-killed_mid_run",
      {"MariaDB killed (SIGKILL) while polling every 1 s, restarted",
       "no crash; the lost connection was noticed by a ping, reconnects backed off (calls in "
       "between answered at once); Tesla requests while down: none; after the restart the "
       "cycles went on: decisions recorded = commands sent / 2 = ok cycles",
       "`/healthcheck` 503 " +
           code("database: MariaDB ...: not connected (attempt 1 failed: ...); next attempt in "
                "1 s") +
           " then 200; `GET /manage-vehicle` 503 " + code("\"kind\":\"unavailable\"") + "; " +
           code(kDbError) + " rises, " + code(kFailedConnects) + " >= 1; log " +
           code("store: connection to MariaDB 127.0.0.1:PORT/DB lost (...); reconnecting")});
}

// A query that blocks: another connection holds a table lock, and the service's read (or its
// insert) must give up after database.query_timeout_s instead of hanging its cycle.
struct SlowCase {
  std::string name;
  std::string table;  // locked by the test's own connection
  std::string where;  // what the service was doing, as its error says
};

class SlowQuery : public ServiceE2E, public ::testing::WithParamInterface<SlowCase> {};

TEST_P(SlowQuery, TimesOutAfterTheQueryTimeoutAndTheCycleFailsSafely) {
  const auto& c = GetParam();
  sunny_rows(db_);
  start_service("", true, {{"P15_DATABASE_QUERY_TIMEOUT_S", "1"}});
  db_.exec("LOCK TABLES " + c.table + " WRITE");
  const auto started = std::chrono::steady_clock::now();
  // Were the timeout not applied, this call would wait for the lock, which is held until it
  // returns: the 503 below is only possible if the query gave up.
  auto r = http_get(service_->base_url() + root() + "/manage-vehicle", 60);
  const double took_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  db_.exec("UNLOCK TABLES");
  ASSERT_EQ(r.status, 503) << r.body;
  EXPECT_EQ(r.json()["kind"].as_string(), "unavailable");
  const std::string error = r.json()["error"].as_string();
  EXPECT_TRUE(contains(error, c.where)) << error;
  EXPECT_TRUE(contains(error, "Lost connection to server during query")) << error;
  EXPECT_EQ(fleet_calls(fleet_.requests()), std::vector<std::string>{});
  std::cout << "[ info ] the blocked " << c.table << " query answered 503 after " << took_s
            << " s (query_timeout_s 1)\n";

  EXPECT_EQ(metric_value(get("/metrics").body, "p15_db_errors_total"), 1);
  const std::string said = "store: dropping the connection after: MariaDB ";
  EXPECT_TRUE(contains(log_line(service_->log(), said), c.where)) << service_->log();
  // Once the lock is gone the next call reconnects at once and acts.
  auto again = get(root() + "/manage-vehicle");
  EXPECT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(fleet_calls(fleet_.requests()),
            (std::vector<std::string>{"POST set_charging_amps 200", "POST charge_start 200"}));
  EXPECT_EQ(get("/healthcheck").status, 200);

  record_matrix_row(
      "1-db-03-slow_" + c.name,
      {"slow query: another connection holds `LOCK TABLES " + c.table + " WRITE`",
       "gave up after `database.query_timeout_s` (1 s; the client's read timeout), dropped the "
       "connection; Tesla requests: none; the next call reconnected and sent the plan",
       "`GET /manage-vehicle` 503 " + code("\"kind\":\"unavailable\"") + ", error " +
           code(c.where + ": Lost connection to server during query") + "; " +
           code("p15_db_errors_total 1") + "; `/healthcheck` 200 after; log " +
           code(said + "127.0.0.1:PORT/DB: " + c.where + ": ...")});
}

INSTANTIATE_TEST_SUITE_P(Matrix, SlowQuery,
                         ::testing::Values(SlowCase{"read", "battery_model",
                                                    "reading the newest battery_model row"},
                                           SlowCase{"write", "smart_charger_model",
                                                    "inserting into smart_charger_model"}),
                         [](const auto& info) { return info.param.name; });

// The collector stops writing while the service polls: it acts while the rows are fresh, then
// refuses them once they pass poll.stale_after_s.
TEST_F(ServiceE2E, CollectorStopsWritingTheServiceStopsActing) {
  sunny_rows(db_, 0);
  start_service("poll:\n  interval_s: 1\n  stale_after_s: 2\n  autostart: true\n");
  const std::string stale = "p15_poll_cycles_total{result=\"stale\"}";
  ASSERT_TRUE(eventually([&] { return metric_value(get("/metrics").body, stale) >= 2; }))
      << service_->log();
  EXPECT_TRUE(get(root() + "/stop-poll").json()["stopped"].as_bool());

  const std::string metrics = get("/metrics").body;
  const double ok = metric_value(metrics, "p15_poll_cycles_total{result=\"ok\"}");
  EXPECT_GE(ok, 1) << "the rows were fresh at first";
  EXPECT_EQ(db_.query("SELECT id FROM smart_charger_model").size(), static_cast<size_t>(ok));
  EXPECT_EQ(fleet_.requests().size(), static_cast<size_t>(2 * ok)) << "commands from stale rows";
  EXPECT_EQ(get(root() + "/status-poll").json()["last_result"].as_string(), "stale");
  EXPECT_EQ(get("/healthcheck").status, 200);
  // The first refused age is 3 s, or 4 s when a slow cycle skipped a second.
  const std::string said = "cycle refused (stale): battery_model row 1 is ";
  const std::string limit = " s old (limit 2 s, poll.stale_after_s)";
  EXPECT_TRUE(contains(log_line(service_->log(), said), limit)) << service_->log();

  record_matrix_row(
      "2-collector-00_stops_writing",
      {"collector stops writing while the service polls (`poll.stale_after_s`: 2)",
       "acted on every cycle while the rows were fresh (set_charging_amps + charge_start each), "
       "then refused every cycle: no decision, Tesla requests: none",
       "`/status-poll` " + code("last_result: stale") + "; `/healthcheck` 200; " +
           code(stale + " >= 2") + "; log " + code(said + "3" + limit)});
}

}  // namespace
}  // namespace p15::test
