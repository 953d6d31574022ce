#include "sim/collector_writer.h"

#include <mysql.h>
#include <spdlog/spdlog.h>

#include <vector>

#include "service/store/mariadb_connection.h"

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
  DatabaseConfig db;
  db.host = options_.host;
  db.port = options_.port;
  db.socket = options_.socket;
  db.user = options_.user;
  db.password = options_.password;
  db.name = options_.database;
  db.connect_timeout_s = db.query_timeout_s = 5;
  std::string error;
  conn_ = open_mariadb(db, error);
  if (conn_ == nullptr) {
    return Error{"MariaDB " + target() + ": " + error, ErrorKind::Unavailable};
  }
  std::vector<const char*> setup;
  if (options_.create_tables) setup.assign(std::begin(kCreateTables), std::end(kCreateTables));
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
