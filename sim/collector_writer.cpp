#include "sim/collector_writer.h"

#include <mysql.h>
#include <spdlog/spdlog.h>

#include <fstream>
#include <sstream>

#include "service/store/mariadb_connection.h"

namespace p15::sim {

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
  if (options_.create_tables) {
    if (auto st = apply_schema(); !st) {
      disconnect();
      return st;
    }
  }
  spdlog::info("collector: writing rows to MariaDB {}", target());
  return ok_status();
}

// The project's one DDL, config/schema.sql, as one multi-statement script (its comments hold
// semicolons, so it is not split here); every CREATE is IF NOT EXISTS, so it is safe to re-apply.
Status CollectorWriter::apply_schema() {
  std::ifstream in(options_.schema_file);
  std::ostringstream script;
  script << in.rdbuf();
  if (!in || script.str().empty()) {
    return Error{"--schema " + options_.schema_file + ": cannot read the file"};
  }
  const std::string sql = script.str();
  auto failed = [&] {
    return Error{options_.schema_file + ": " + mysql_error(conn_), ErrorKind::Unavailable};
  };
  if (mysql_set_server_option(conn_, MYSQL_OPTION_MULTI_STATEMENTS_ON) != 0) return failed();
  int more = mysql_real_query(conn_, sql.data(), sql.size());
  while (more == 0) {
    if (MYSQL_RES* res = mysql_store_result(conn_)) mysql_free_result(res);
    more = mysql_next_result(conn_);  // 0: another result, -1: the last one done, >0: an error
  }
  if (more > 0) return failed();
  if (mysql_set_server_option(conn_, MYSQL_OPTION_MULTI_STATEMENTS_OFF) != 0) return failed();
  spdlog::info("collector: applied {} to MariaDB {}", options_.schema_file, target());
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
