#pragma once
// The one MariaDB connection the store's parts share (libmariadb, MariaDB Connector/C), and the
// Session a part runs its statements in.
#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include "service/clock/clock.h"
#include "service/config/config.h"
#include "service/core/backoff.h"
#include "service/core/result.h"

struct st_mysql;  // MYSQL, kept out of this header so callers need no mariadb include path

namespace p15 {

// One named SQL statement, as userver keeps its queries: errors and logs name it, and each
// table group's statements sit together in its part's .cpp.
struct Query {
  const char* name;   // "<table>.<what it does>"
  const char* table;  // the table it reads or writes (named by the missing-table hint)
  const char* sql;
};

// Opens a session the way every part of the project needs it: bounded timeouts, an explicit
// protocol, utf8mb4, and the session time zone at UTC (the DATETIME columns are UTC, so
// UNIX_TIMESTAMP and FROM_UNIXTIME need no conversion). Returns nullptr with `error` set to
// MariaDB's message (never the password); the caller owns the handle (mysql_close).
st_mysql* open_mariadb(const DatabaseConfig& config, std::string& error);

// One connection attempt, for whoever counts them (the metrics live outside the store).
struct ConnectAttempt {
  bool ok = false;
  int failures = 0;     // failed attempts in a row, this one included (0 when ok)
  Seconds retry_in{0};  // wait before the next attempt (0 when ok)
};
using ConnectObserver = std::function<void(const ConnectAttempt&)>;

class MariaDbConnection;

// The connection while one caller holds it, connected. A failed statement drops the connection
// (fail), which also makes the server roll back an open transaction.
class Session {
 public:
  st_mysql* handle() const;
  // "MariaDB <target>: <what>: <detail> [<query name>]", kind Unavailable; a missing table adds
  // how to create it.
  Error fail(const Query& query, const std::string& what, unsigned errnum,
             const std::string& detail);
  // A statement without parameters or results (START TRANSACTION, COMMIT).
  Status run(const Query& query, const std::string& what);

 private:
  friend class MariaDbConnection;
  explicit Session(MariaDbConnection& connection) : connection_(connection) {}
  MariaDbConnection& connection_;
};

// One connection, guarded by one mutex: the poll loop and HTTP handlers share it, and the load
// (a few queries per 30 s poll) never needs a pool.
//
// Lazy: the constructor does not connect, so the service starts (and reports unhealthy) while
// the database is down. Every call connects if there is no connection, checks a kept one with a
// ping first (a connection the server killed or timed out is replaced, not reported), and on any
// failure returns Error kind Unavailable naming host:port/database and the MariaDB error (never
// the password), then drops the connection so the next call starts afresh.
//
// Reconnects back off: after n failed connection attempts in a row, calls fail at once (naming
// the last error and the wait) until 2^(n-1) s have passed, at most database.reconnect_max_s, so a
// dead database costs neither a connect timeout per call nor a log line per poll.
//
// Times: the session runs with time_zone '+00:00', so the DATETIME columns are read and written
// as UTC whatever the server's zone. A collector writing local wall-clock time into the shared
// tables will therefore look shifted by its UTC offset.
class MariaDbConnection {
 public:
  MariaDbConnection(DatabaseConfig config, Clock& clock, ConnectObserver observer);
  ~MariaDbConnection();
  MariaDbConnection(const MariaDbConnection&) = delete;
  MariaDbConnection& operator=(const MariaDbConnection&) = delete;

  // Runs work(Session&) holding the connection, connected; the connection's error otherwise.
  // `work` returns a Result or a Status.
  template <class Work>
  auto with_session(Work&& work) -> decltype(work(std::declval<Session&>()));

  // A fresh connection is itself a round trip (it also sets the time zone); a kept one is pinged.
  Status ping();

  // "host:port/database" or "socket <path>/database": how messages name this database.
  const std::string& target() const { return target_; }

 private:
  friend class Session;
  Status ensure_connected();
  Status connect();
  void disconnect();

  const DatabaseConfig config_;
  const std::string target_;
  Clock& clock_;
  const ConnectObserver observer_;
  const BackoffSettings backoff_;
  std::mutex mu_;
  st_mysql* conn_ = nullptr;           // guarded by mu_, like the three below
  int failures_ = 0;                   // failed connection attempts in a row
  std::optional<TimePoint> retry_at_;  // no attempt before this
  std::string last_error_;             // of the last failed attempt
};

template <class Work>
auto MariaDbConnection::with_session(Work&& work) -> decltype(work(std::declval<Session&>())) {
  std::lock_guard lock(mu_);
  if (auto st = ensure_connected(); !st) return st.error();
  Session session(*this);
  return work(session);
}

}  // namespace p15
