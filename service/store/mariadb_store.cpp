#include "service/store/mariadb_store.h"

#include <mysql.h>
#include <spdlog/spdlog.h>

#include <charconv>
#include <cstring>
#include <optional>

#include "service/store/features_json.h"
#include "service/store/mariadb_connect.h"
#include "service/store/powerwall_json.h"
#include "service/store/vehicle_json.h"

namespace p15 {
namespace {

constexpr char kBatteryTable[] = "battery_model";
constexpr char kVehicleTable[] = "vehicle_model";
constexpr std::size_t kAiModelMaxChars = 50;  // smart_charger_model.ai_model VARCHAR(50)

struct ResultDeleter {
  void operator()(MYSQL_RES* r) const { mysql_free_result(r); }
};
struct StmtDeleter {
  void operator()(MYSQL_STMT* s) const { mysql_stmt_close(s); }
};
using ResultPtr = std::unique_ptr<MYSQL_RES, ResultDeleter>;
using StmtPtr = std::unique_ptr<MYSQL_STMT, StmtDeleter>;

// mysql_library_init is not thread-safe; mysql_init would call it implicitly on first use.
void init_library_once() {
  static std::once_flag once;
  std::call_once(once, [] { mysql_library_init(0, nullptr, nullptr); });
}

std::string make_target(const DatabaseConfig& c) {
  if (!c.socket.empty()) return "socket " + c.socket + "/" + c.name;
  return c.host + ":" + std::to_string(c.port) + "/" + c.name;
}

Clock& system_clock() {
  static SystemClock clock;
  return clock;
}

std::optional<std::int64_t> to_int64(const char* s, unsigned long len) {
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(s, s + len, v);
  if (ec != std::errc() || end != s + len) return std::nullopt;
  return v;
}

}  // namespace

struct MariaDbStore::RawRow {
  std::int64_t id = 0;
  TimePoint time{};
  std::string data;
};

MariaDbStore::MariaDbStore(DatabaseConfig config)
    : MariaDbStore(std::move(config), system_clock()) {}

MariaDbStore::MariaDbStore(DatabaseConfig config, Clock& clock, ConnectObserver observer,
                           PowerwallFallbacks powerwall)
    : config_(std::move(config)),
      powerwall_(powerwall),
      target_(make_target(config_)),
      clock_(clock),
      observer_(std::move(observer)),
      backoff_{Seconds{1}, Seconds{config_.reconnect_max_s}} {
  init_library_once();
}

MariaDbStore::~MariaDbStore() { disconnect(); }

void MariaDbStore::disconnect() {
  if (conn_ != nullptr) mysql_close(conn_);
  conn_ = nullptr;
}

Error MariaDbStore::fail(const std::string& what, const std::string& detail) {
  Error error{"MariaDB " + target_ + ": " + what + ": " + detail, ErrorKind::Unavailable};
  if (conn_ != nullptr) spdlog::warn("store: dropping the connection after: {}", error.message);
  disconnect();
  return error;
}

Status MariaDbStore::connect() {
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

Status MariaDbStore::ensure_connected() {
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

Result<MariaDbStore::RawRow> MariaDbStore::newest_row(const std::string& table) {
  // Newest by timestamp; rows sharing the one-second timestamp are ordered by id (domain.md 2).
  const std::string sql = "SELECT id, UNIX_TIMESTAMP(`timestamp`), data FROM " + table +
                          " ORDER BY `timestamp` DESC, id DESC LIMIT 1";
  std::lock_guard lock(mu_);
  if (auto st = ensure_connected(); !st) return st.error();
  if (mysql_real_query(conn_, sql.data(), sql.size()) != 0) {
    return fail("reading the newest " + table + " row", mysql_error(conn_));
  }
  ResultPtr res(mysql_store_result(conn_));
  if (!res) return fail("reading the newest " + table + " row", mysql_error(conn_));
  MYSQL_ROW row = mysql_fetch_row(res.get());
  if (row == nullptr) return Error{table + " has no rows", ErrorKind::NotFound};
  const unsigned long* len = mysql_fetch_lengths(res.get());
  RawRow out;
  auto id = row[0] ? to_int64(row[0], len[0]) : std::nullopt;
  if (!id) return Error{table + ": newest row has an unreadable id", ErrorKind::Invalid};
  out.id = *id;
  const std::string where = table + " row " + std::to_string(out.id) + ": ";
  if (row[1] == nullptr) return Error{where + "timestamp is NULL", ErrorKind::Invalid};
  auto secs = to_int64(row[1], len[1]);
  if (!secs) return Error{where + "timestamp is out of range", ErrorKind::Invalid};
  out.time = TimePoint{Seconds{*secs}};
  if (row[2] == nullptr) return Error{where + "data is NULL", ErrorKind::Invalid};
  out.data.assign(row[2], len[2]);
  return out;
}

Result<PowerwallReading> MariaDbStore::newest_powerwall() {
  auto row = newest_row(kBatteryTable);
  if (!row) return row.error();
  return parse_powerwall_json(row->data, row->id, row->time, powerwall_);
}

Result<VehicleReading> MariaDbStore::newest_vehicle() {
  auto row = newest_row(kVehicleTable);
  if (!row) return row.error();
  return parse_vehicle_json(row->data, row->id, row->time);
}

Result<std::int64_t> MariaDbStore::record_decision(const Decision& decision, TimePoint at) {
  if (decision.policy.size() > kAiModelMaxChars) {
    return Error{"smart_charger_model: ai_model \"" + decision.policy + "\" is longer than " +
                     std::to_string(kAiModelMaxChars) + " characters",
                 ErrorKind::Invalid};
  }
  const std::string features = features_to_json(decision.features);
  std::lock_guard lock(mu_);
  if (auto st = ensure_connected(); !st) return st.error();
  return insert_decision(decision, features, at);
}

Result<std::int64_t> MariaDbStore::insert_decision(const Decision& decision,
                                                   const std::string& features, TimePoint at) {
  static constexpr char kSql[] =
      "INSERT INTO smart_charger_model (amps, ai_model, features, `timestamp`) "
      "VALUES (?, ?, ?, FROM_UNIXTIME(?))";
  const std::string what = "inserting into smart_charger_model";
  StmtPtr stmt(mysql_stmt_init(conn_));
  if (!stmt) return fail(what, mysql_error(conn_));
  if (mysql_stmt_prepare(stmt.get(), kSql, std::strlen(kSql)) != 0) {
    return fail(what, mysql_stmt_error(stmt.get()));
  }
  int amps = decision.amps;
  long long epoch_s = at.time_since_epoch().count();
  unsigned long policy_len = decision.policy.size();
  unsigned long features_len = features.size();
  MYSQL_BIND bind[4];
  std::memset(bind, 0, sizeof bind);
  bind[0].buffer_type = MYSQL_TYPE_LONG;
  bind[0].buffer = &amps;
  bind[1].buffer_type = MYSQL_TYPE_STRING;
  bind[1].buffer = const_cast<char*>(decision.policy.data());
  bind[1].length = &policy_len;
  bind[2].buffer_type = MYSQL_TYPE_STRING;
  bind[2].buffer = const_cast<char*>(features.data());
  bind[2].length = &features_len;
  bind[3].buffer_type = MYSQL_TYPE_LONGLONG;
  bind[3].buffer = &epoch_s;
  if (mysql_stmt_bind_param(stmt.get(), bind) != 0 || mysql_stmt_execute(stmt.get()) != 0) {
    return fail(what, mysql_stmt_error(stmt.get()));
  }
  return static_cast<std::int64_t>(mysql_stmt_insert_id(stmt.get()));
}

Status MariaDbStore::ping() {
  std::lock_guard lock(mu_);
  // A fresh connection is itself a round trip (it also sets the time zone); a kept one is pinged.
  return ensure_connected();
}

std::unique_ptr<Store> make_mariadb_store(const DatabaseConfig& config) {
  return std::make_unique<MariaDbStore>(config);
}

}  // namespace p15
