#include "service/store/mariadb_connection.h"

#include <mysql.h>
#include <spdlog/spdlog.h>

namespace p15 {
namespace {

constexpr unsigned kNoSuchTable = 1146;  // ER_NO_SUCH_TABLE

// mysql_library_init is not thread-safe; mysql_init would call it implicitly on first use.
void init_library_once() {
  static std::once_flag once;
  std::call_once(once, [] { mysql_library_init(0, nullptr, nullptr); });
}

std::string make_target(const DatabaseConfig& c) {
  if (!c.socket.empty()) return "socket " + c.socket + "/" + c.name;
  return c.host + ":" + std::to_string(c.port) + "/" + c.name;
}

}  // namespace

MYSQL* open_mariadb(const DatabaseConfig& config, std::string& error) {
  init_library_once();
  MYSQL* conn = mysql_init(nullptr);
  if (conn == nullptr) {
    error = "out of memory in mysql_init";
    return nullptr;
  }
  const unsigned connect_s = static_cast<unsigned>(config.connect_timeout_s);
  const unsigned query_s = static_cast<unsigned>(config.query_timeout_s);
  // An explicit protocol, so host "localhost" cannot silently mean the default socket.
  const unsigned protocol = config.socket.empty() ? MYSQL_PROTOCOL_TCP : MYSQL_PROTOCOL_SOCKET;
  mysql_optionsv(conn, MYSQL_OPT_CONNECT_TIMEOUT, &connect_s);
  mysql_optionsv(conn, MYSQL_OPT_READ_TIMEOUT, &query_s);
  mysql_optionsv(conn, MYSQL_OPT_WRITE_TIMEOUT, &query_s);
  mysql_optionsv(conn, MYSQL_OPT_PROTOCOL, &protocol);
  mysql_optionsv(conn, MYSQL_SET_CHARSET_NAME, "utf8mb4");
  // Connector/C takes the socket only with host "localhost" (or none); config.host is then unused.
  const char* socket = config.socket.empty() ? nullptr : config.socket.c_str();
  const char* host = socket != nullptr ? "localhost" : config.host.c_str();
  if (mysql_real_connect(conn, host, config.user.c_str(), config.password.c_str(),
                         config.name.c_str(), static_cast<unsigned>(config.port), socket,
                         0) == nullptr) {
    error = std::string("connect failed: ") + mysql_error(conn);
    mysql_close(conn);
    return nullptr;
  }
  if (mysql_query(conn, "SET time_zone = '+00:00'") != 0) {
    error = std::string("setting the session time zone: ") + mysql_error(conn);
    mysql_close(conn);
    return nullptr;
  }
  return conn;
}

MYSQL* Session::handle() const { return connection_.conn_; }

Error Session::fail(const Query& query, const std::string& what, unsigned errnum,
                    const std::string& detail) {
  std::string message = "MariaDB " + connection_.target_ + ": " + what + ": " + detail;
  // A database that predates the table needs the schema applied (it is safe to re-apply).
  if (errnum == kNoSuchTable) {
    message += std::string(" (apply config/schema.sql, which creates ") + query.table + ")";
  }
  message += std::string(" [") + query.name + "]";
  if (connection_.conn_ != nullptr) {
    spdlog::warn("store: dropping the connection after: {}", message);
  }
  connection_.disconnect();
  return Error{message, ErrorKind::Unavailable};
}

Status Session::run(const Query& query, const std::string& what) {
  MYSQL* conn = handle();
  if (conn == nullptr) return fail(query, what, 0, "the connection was dropped");
  if (mysql_query(conn, query.sql) != 0) {
    return fail(query, what, mysql_errno(conn), mysql_error(conn));
  }
  return ok_status();
}

MariaDbConnection::MariaDbConnection(DatabaseConfig config, Clock& clock, ConnectObserver observer)
    : config_(std::move(config)),
      target_(make_target(config_)),
      clock_(clock),
      observer_(std::move(observer)),
      backoff_{Seconds{1}, Seconds{config_.reconnect_max_s}} {
  init_library_once();
}

MariaDbConnection::~MariaDbConnection() { disconnect(); }

void MariaDbConnection::disconnect() {
  if (conn_ != nullptr) mysql_close(conn_);
  conn_ = nullptr;
}

Status MariaDbConnection::connect() {
  std::string error;
  conn_ = open_mariadb(config_, error);
  if (conn_ == nullptr) {
    ++failures_;
    const Seconds wait = backoff_delay(failures_, backoff_);
    retry_at_ = clock_.now() + wait;
    last_error_ = error;
    // One line per attempt: the backoff bounds them to a few a minute however often we are asked.
    spdlog::warn(
        "store: cannot connect to MariaDB {} (attempt {} failed: {}); next attempt in {} s",
        target_, failures_, error, wait.count());
    if (observer_) observer_(ConnectAttempt{false, failures_, wait});
    return Error{"MariaDB " + target_ + ": " + error + "; next attempt in " +
                     std::to_string(wait.count()) + " s",
                 ErrorKind::Unavailable};
  }
  if (failures_ > 0) {
    spdlog::info("store: reconnected to MariaDB {} after {} failed attempts", target_, failures_);
  } else {
    spdlog::info("store: connected to MariaDB {}", target_);
  }
  failures_ = 0;
  retry_at_.reset();
  if (observer_) observer_(ConnectAttempt{true, 0, Seconds{0}});
  return ok_status();
}

Status MariaDbConnection::ensure_connected() {
  if (conn_ != nullptr) {
    // A kept connection may have been killed or timed out (wait_timeout) while idle: one cheap
    // round trip finds out, so a dead connection costs a reconnect instead of a failed call.
    if (mysql_ping(conn_) == 0) return ok_status();
    spdlog::warn("store: connection to MariaDB {} lost ({}); reconnecting", target_,
                 mysql_error(conn_));
    disconnect();
  }
  if (retry_at_ && clock_.now() < *retry_at_) {
    // Backing off: answer at once rather than hammer (or wait on) a database that just failed.
    return Error{"MariaDB " + target_ + ": not connected (attempt " + std::to_string(failures_) +
                     " failed: " + last_error_ + "); next attempt in " +
                     std::to_string((*retry_at_ - clock_.now()).count()) + " s",
                 ErrorKind::Unavailable};
  }
  return connect();
}

Status MariaDbConnection::ping() {
  std::lock_guard lock(mu_);
  return ensure_connected();
}

}  // namespace p15
