#include "sim/collector_writer.h"

#include <mysql.h>
#include <spdlog/spdlog.h>

#include <vector>

namespace p15::sim {

namespace {

constexpr const char* kCreateTables[] = {
    "CREATE TABLE IF NOT EXISTS battery_model (id INT AUTO_INCREMENT PRIMARY KEY, data JSON, "
    "timestamp DATETIME)",
    "CREATE TABLE IF NOT EXISTS vehicle_model (id INT AUTO_INCREMENT PRIMARY KEY, data JSON, "
    "timestamp DATETIME)"};

}  // namespace

CollectorWriter::CollectorWriter(DbOptions options) : options_(std::move(options)) {}

CollectorWriter::~CollectorWriter() { disconnect(); }

std::string CollectorWriter::target() const {
  const std::string where = options_.socket.empty()
                                ? options_.host + ":" + std::to_string(options_.port)
                                : options_.socket;
  return options_.user + "@" + where + "/" + options_.database;
}

void CollectorWriter::disconnect() {
  if (conn_ != nullptr) mysql_close(conn_);
  conn_ = nullptr;
}

Status CollectorWriter::connect() {
  disconnect();
  conn_ = mysql_init(nullptr);
  if (conn_ == nullptr) return Error{"mysql_init failed", ErrorKind::Unavailable};
  const unsigned timeout_s = 5;
  const unsigned protocol = options_.socket.empty() ? MYSQL_PROTOCOL_TCP : MYSQL_PROTOCOL_SOCKET;
  mysql_optionsv(conn_, MYSQL_OPT_CONNECT_TIMEOUT, &timeout_s);
  mysql_optionsv(conn_, MYSQL_OPT_READ_TIMEOUT, &timeout_s);
  mysql_optionsv(conn_, MYSQL_OPT_WRITE_TIMEOUT, &timeout_s);
  mysql_optionsv(conn_, MYSQL_OPT_PROTOCOL, &protocol);
  mysql_optionsv(conn_, MYSQL_SET_CHARSET_NAME, "utf8mb4");
  const char* socket = options_.socket.empty() ? nullptr : options_.socket.c_str();
  const char* host = socket != nullptr ? "localhost" : options_.host.c_str();
  if (mysql_real_connect(conn_, host, options_.user.c_str(), options_.password.c_str(),
                         options_.database.c_str(), static_cast<unsigned>(options_.port), socket,
                         0) == nullptr) {
    Error e{"connect to " + target() + " failed: " + mysql_error(conn_), ErrorKind::Unavailable};
    disconnect();
    return e;
  }
  // Row timestamps are UTC, as the service reads them (FROM_UNIXTIME follows the session zone).
  std::vector<const char*> setup = {"SET time_zone = '+00:00'"};
  if (options_.create_tables)
    setup.insert(setup.end(), std::begin(kCreateTables), std::end(kCreateTables));
  for (const char* sql : setup) {
    if (mysql_query(conn_, sql) != 0) {
      Error e{std::string(sql) + ": " + mysql_error(conn_), ErrorKind::Unavailable};
      disconnect();
      return e;
    }
  }
  spdlog::info("collector: writing rows to MariaDB {}", target());
  return ok_status();
}

Status CollectorWriter::ensure_connected() {
  if (conn_ != nullptr && mysql_ping(conn_) == 0) return ok_status();
  if (conn_ != nullptr) spdlog::warn("collector: connection to {} lost; reconnecting", target());
  return connect();
}

Status CollectorWriter::insert(const std::string& table, const std::string& json,
                               TimePoint real_utc) {
  if (auto s = ensure_connected(); !s) return s;
  std::string escaped(json.size() * 2 + 1, '\0');
  escaped.resize(mysql_real_escape_string(conn_, escaped.data(), json.data(), json.size()));
  const std::string sql = "INSERT INTO " + table + " (data, `timestamp`) VALUES ('" + escaped +
                          "', FROM_UNIXTIME(" +
                          std::to_string(real_utc.time_since_epoch().count()) + "))";
  if (mysql_real_query(conn_, sql.data(), sql.size()) != 0) {
    return Error{"INSERT INTO " + table + ": " + mysql_error(conn_), ErrorKind::Unavailable};
  }
  return ok_status();
}

Status CollectorWriter::write_battery(const std::string& json, TimePoint real_utc) {
  return insert("battery_model", json, real_utc);
}

Status CollectorWriter::write_vehicle(const std::string& json, TimePoint real_utc) {
  return insert("vehicle_model", json, real_utc);
}

}  // namespace p15::sim
