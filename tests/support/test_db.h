#pragma once
// A private, throw-away database on the MariaDB that scripts/with-mariadb.sh starts, for the
// integration and end-to-end suites. Plain libmariadb: it does not use the Store it helps test.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "service/config/config.h"
#include "service/core/types.h"

struct st_mysql;

namespace p15::test {

// `t` as a DATETIME literal's text in UTC ("2026-12-03 08:00:00"), for rows stamped in the past.
std::string sql_time(TimePoint t);

// Where a test MariaDB listens and who to log in as.
struct TestServer {
  std::string host = "127.0.0.1";
  int port = 0;
  std::string socket;  // empty: TCP only
  std::string user = "root";
  std::string password;
};

// The server scripts/with-mariadb.sh started, from P15_TEST_DB_{HOST,PORT,SOCKET,USER,PASSWORD};
// throws std::runtime_error (a test failure, never a skip) when they are missing.
TestServer test_server_from_env();

// Creates a database with a unique name (tests run in parallel processes) on the server of
// test_server_from_env() (or the one given), applies config/schema.sql to it, and drops it in
// the destructor; throws when the server does not answer.
class TestDatabase {
 public:
  TestDatabase();
  explicit TestDatabase(const TestServer& server);
  // With a name chosen beforehand (a service configured before its database exists).
  TestDatabase(const TestServer& server, std::string name);
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  const std::string& name() const { return name_; }
  // Points at this database over TCP (host:port), with short timeouts for tests.
  DatabaseConfig config() const;
  // The server's socket path (P15_TEST_DB_SOCKET; empty when not given).
  const std::string& socket() const { return socket_; }

  // Runs one or more statements; throws std::runtime_error naming the SQL on failure.
  void exec(const std::string& sql);
  // Applies config/schema.sql (again: it is safe to), as the constructor does.
  void apply_schema();
  // Every row of a query's result as text; SQL NULL is nullopt.
  std::vector<std::vector<std::optional<std::string>>> query(const std::string& sql);
  // One value: the first column of the first row (throws if there is no row).
  std::optional<std::string> scalar(const std::string& sql);

  // Inserts a row with `data` (nullopt: NULL) at `utc_timestamp` ("YYYY-MM-DD HH:MM:SS", UTC;
  // nullopt: NULL) and returns its id. The JSON column's validity check is left on: use exec()
  // with SET check_constraint_checks=0 to store text that is not JSON.
  std::int64_t insert_battery(const std::optional<std::string>& data,
                              const std::optional<std::string>& utc_timestamp);
  std::int64_t insert_vehicle(const std::optional<std::string>& data,
                              const std::optional<std::string>& utc_timestamp);

  // A quoted SQL string literal for `s`, escaped for this connection.
  std::string quote(const std::string& s);

  // A new connection to the same database (after its server was killed and restarted).
  void reconnect();

 private:
  void open_connection();
  std::int64_t insert_row(const std::string& table, const std::optional<std::string>& data,
                          const std::optional<std::string>& utc_timestamp);

  std::string host_;
  int port_ = 0;
  std::string socket_;
  std::string user_;
  std::string password_;
  std::string name_;
  st_mysql* conn_ = nullptr;
};

// A database name no other test process uses ("p15_t_<pid>_<n>_<random>").
std::string unique_database_name();

// The project's source directory (for config/schema.sql and test data): the compile definition
// P15_SOURCE_DIR, else the environment variable of that name; throws if neither is set.
std::string test_source_dir();

}  // namespace p15::test
