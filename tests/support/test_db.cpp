#include "tests/support/test_db.h"

#include <mysql.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <mutex>
#include <random>
#include <sstream>
#include <stdexcept>

namespace p15::test {
namespace {

struct ResultDeleter {
  void operator()(MYSQL_RES* r) const { mysql_free_result(r); }
};
using ResultPtr = std::unique_ptr<MYSQL_RES, ResultDeleter>;

constexpr char kHowToRun[] =
    "integration tests need a MariaDB: run them under scripts/with-mariadb.sh, e.g. "
    "scripts/with-mariadb.sh build/p15-integration-tests";

std::string required_env(const char* name) {
  const char* v = std::getenv(name);
  if (v == nullptr || *v == '\0') {
    throw std::runtime_error(std::string(name) + " is not set; " + kHowToRun);
  }
  return v;
}

std::string optional_env(const char* name) {
  const char* v = std::getenv(name);
  return v == nullptr ? "" : v;
}

std::string unique_name() {
  static std::atomic<int> counter{0};
  std::random_device rd;
  std::ostringstream out;
  out << "p15_t_" << ::getpid() << "_" << counter++ << "_" << std::hex << (rd() & 0xffffff);
  return out.str();
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace

std::string sql_time(TimePoint t) {
  namespace chr = std::chrono;
  const auto day = chr::floor<chr::days>(t);
  const chr::year_month_day ymd{day};
  const chr::hh_mm_ss hms{t - day};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u %02lld:%02lld:%02lld", int(ymd.year()),
                unsigned(ymd.month()), unsigned(ymd.day()), (long long)hms.hours().count(),
                (long long)hms.minutes().count(), (long long)hms.seconds().count());
  return buf;
}

std::string unique_database_name() { return unique_name(); }

std::string test_source_dir() {
#ifdef P15_SOURCE_DIR
  return P15_SOURCE_DIR;
#else
  const char* dir = std::getenv("P15_SOURCE_DIR");
  if (dir == nullptr || *dir == '\0') {
    throw std::runtime_error("P15_SOURCE_DIR is neither compiled in nor set in the environment");
  }
  return dir;
#endif
}

TestServer test_server_from_env() {
  TestServer s;
  s.host = required_env("P15_TEST_DB_HOST");
  s.port = std::atoi(required_env("P15_TEST_DB_PORT").c_str());
  s.socket = optional_env("P15_TEST_DB_SOCKET");
  s.user = required_env("P15_TEST_DB_USER");
  s.password = optional_env("P15_TEST_DB_PASSWORD");
  return s;
}

TestDatabase::TestDatabase() : TestDatabase(test_server_from_env()) {}

TestDatabase::TestDatabase(const TestServer& server) : TestDatabase(server, unique_name()) {}

TestDatabase::TestDatabase(const TestServer& server, std::string name)
    : host_(server.host),
      port_(server.port),
      socket_(server.socket),
      user_(server.user),
      password_(server.password),
      name_(std::move(name)) {
  open_connection();
  try {
    exec("CREATE DATABASE `" + name_ + "` CHARACTER SET utf8mb4");
    exec("USE `" + name_ + "`");
    exec("SET time_zone = '+00:00'");
    apply_schema();
  } catch (...) {
    mysql_close(conn_);
    conn_ = nullptr;
    throw;
  }
}

void TestDatabase::apply_schema() { exec(read_file(test_source_dir() + "/config/schema.sql")); }

void TestDatabase::open_connection() {
  static std::once_flag once;
  std::call_once(once, [] { mysql_library_init(0, nullptr, nullptr); });
  conn_ = mysql_init(nullptr);
  if (conn_ == nullptr) throw std::runtime_error("mysql_init failed");
  const unsigned timeout_s = 10;
  mysql_optionsv(conn_, MYSQL_OPT_CONNECT_TIMEOUT, &timeout_s);
  mysql_optionsv(conn_, MYSQL_SET_CHARSET_NAME, "utf8mb4");
  const char* sock = socket_.empty() ? nullptr : socket_.c_str();
  if (mysql_real_connect(conn_, host_.c_str(), user_.c_str(), password_.c_str(), nullptr, port_,
                         sock, CLIENT_MULTI_STATEMENTS) == nullptr) {
    std::string err = mysql_error(conn_);
    mysql_close(conn_);
    conn_ = nullptr;
    throw std::runtime_error("cannot connect to the test MariaDB at " + host_ + ":" +
                             std::to_string(port_) + ": " + err + "; " + kHowToRun);
  }
}

void TestDatabase::reconnect() {
  if (conn_ != nullptr) mysql_close(conn_);
  conn_ = nullptr;
  open_connection();
  exec("USE `" + name_ + "`");
  exec("SET time_zone = '+00:00'");
}

TestDatabase::~TestDatabase() {
  if (conn_ == nullptr) return;
  const std::string drop = "DROP DATABASE IF EXISTS `" + name_ + "`";
  mysql_real_query(conn_, drop.data(), drop.size());
  mysql_close(conn_);
}

DatabaseConfig TestDatabase::config() const {
  DatabaseConfig c;
  c.host = host_;
  c.port = port_;
  c.user = user_;
  c.password = password_;
  c.name = name_;
  c.connect_timeout_s = 2;
  c.query_timeout_s = 5;
  return c;
}

void TestDatabase::exec(const std::string& sql) {
  if (mysql_real_query(conn_, sql.data(), sql.size()) != 0) {
    throw std::runtime_error("SQL failed: " + std::string(mysql_error(conn_)) + "\n  in: " + sql);
  }
  // Drain every result of a multi-statement text, so the connection is ready for the next call.
  for (;;) {
    ResultPtr res(mysql_store_result(conn_));
    int next = mysql_next_result(conn_);
    if (next > 0) {
      throw std::runtime_error("SQL failed: " + std::string(mysql_error(conn_)) + "\n  in: " + sql);
    }
    if (next < 0) return;
  }
}

std::vector<std::vector<std::optional<std::string>>> TestDatabase::query(const std::string& sql) {
  if (mysql_real_query(conn_, sql.data(), sql.size()) != 0) {
    throw std::runtime_error("SQL failed: " + std::string(mysql_error(conn_)) + "\n  in: " + sql);
  }
  ResultPtr res(mysql_store_result(conn_));
  if (!res) throw std::runtime_error("query returned no result set: " + sql);
  const unsigned n = mysql_num_fields(res.get());
  std::vector<std::vector<std::optional<std::string>>> rows;
  while (MYSQL_ROW row = mysql_fetch_row(res.get())) {
    const unsigned long* len = mysql_fetch_lengths(res.get());
    auto& out = rows.emplace_back();
    for (unsigned i = 0; i < n; ++i) {
      if (row[i] == nullptr) {
        out.emplace_back(std::nullopt);
      } else {
        out.emplace_back(std::string(row[i], len[i]));
      }
    }
  }
  return rows;
}

std::optional<std::string> TestDatabase::scalar(const std::string& sql) {
  auto rows = query(sql);
  if (rows.empty() || rows[0].empty()) throw std::runtime_error("no row from: " + sql);
  return rows[0][0];
}

std::string TestDatabase::quote(const std::string& s) {
  std::string buf(s.size() * 2 + 1, '\0');
  unsigned long n = mysql_real_escape_string(conn_, buf.data(), s.data(), s.size());
  buf.resize(n);
  return "'" + buf + "'";
}

std::int64_t TestDatabase::insert_row(const std::string& table,
                                      const std::optional<std::string>& data,
                                      const std::optional<std::string>& utc_timestamp) {
  exec("INSERT INTO " + table + " (data, `timestamp`) VALUES (" + (data ? quote(*data) : "NULL") +
       ", " + (utc_timestamp ? quote(*utc_timestamp) : "NULL") + ")");
  return static_cast<std::int64_t>(mysql_insert_id(conn_));
}

std::int64_t TestDatabase::insert_battery(const std::optional<std::string>& data,
                                          const std::optional<std::string>& utc_timestamp) {
  return insert_row("battery_model", data, utc_timestamp);
}

std::int64_t TestDatabase::insert_vehicle(const std::optional<std::string>& data,
                                          const std::optional<std::string>& utc_timestamp) {
  return insert_row("vehicle_model", data, utc_timestamp);
}

}  // namespace p15::test
