// MariaDbStore's part for the service's own table, p15_charge_plan (config/schema.sql): one row
// per car with the charge mode its owner set over the API.
#include <mysql.h>

#include <cstring>
#include <memory>

#include "service/core/local_time.h"
#include "service/store/charge_plan_row.h"
#include "service/store/mariadb_store.h"

namespace p15 {

namespace {

constexpr unsigned kNoSuchTable = 1146;  // ER_NO_SUCH_TABLE

struct ResultDeleter {
  void operator()(MYSQL_RES* r) const { mysql_free_result(r); }
};
struct StmtDeleter {
  void operator()(MYSQL_STMT* s) const { mysql_stmt_close(s); }
};

// A database that predates the table needs the schema applied (it is safe to re-apply).
std::string with_hint(unsigned errnum, const std::string& error) {
  if (errnum != kNoSuchTable) return error;
  return error + " (apply config/schema.sql, which creates " + kChargePlanTable + ")";
}

std::optional<std::string> text(MYSQL_ROW row, const unsigned long* len, int i) {
  if (row[i] == nullptr) return std::nullopt;
  return std::string(row[i], len[i]);
}

Status check_vin(const std::string& vin) {
  if (vin.empty() || vin.size() > kChargePlanVinMaxChars) {
    return Error{std::string(kChargePlanTable) + ": vin must be 1.." +
                     std::to_string(kChargePlanVinMaxChars) + " characters, got " +
                     std::to_string(vin.size()),
                 ErrorKind::Invalid};
  }
  return ok_status();
}

}  // namespace

Result<std::optional<StoredChargeMode>> MariaDbStore::read_charge_plan(const std::string& vin) {
  if (auto st = check_vin(vin); !st) return st.error();
  const std::string what = std::string("reading ") + kChargePlanTable + " for VIN " + vin;
  std::lock_guard lock(mu_);
  if (auto st = ensure_connected(); !st) return st.error();
  std::string escaped(vin.size() * 2 + 1, '\0');
  escaped.resize(mysql_real_escape_string(conn_, escaped.data(), vin.data(), vin.size()));
  const std::string sql = std::string("SELECT mode, departure_local, target_soc, ") +
                          "UNIX_TIMESTAMP(updated_at) FROM " + kChargePlanTable + " WHERE vin = '" +
                          escaped + "'";
  if (mysql_real_query(conn_, sql.data(), sql.size()) != 0) {
    return fail(what, with_hint(mysql_errno(conn_), mysql_error(conn_)));
  }
  std::unique_ptr<MYSQL_RES, ResultDeleter> res(mysql_store_result(conn_));
  if (!res) return fail(what, mysql_error(conn_));
  MYSQL_ROW row = mysql_fetch_row(res.get());
  if (row == nullptr) return std::optional<StoredChargeMode>{};
  const unsigned long* len = mysql_fetch_lengths(res.get());
  auto stored = charge_plan_from_row(ChargePlanRow{vin, text(row, len, 0), text(row, len, 1),
                                                   text(row, len, 2), text(row, len, 3)});
  if (!stored) return stored.error();
  return std::optional<StoredChargeMode>{std::move(stored).value()};
}

Status MariaDbStore::upsert_charge_plan(const StoredChargeMode& plan) {
  if (auto st = check_vin(plan.vin); !st) return st;
  if (auto st = check_charge_mode(plan.setting); !st) return st;
  static constexpr char kSql[] =
      "INSERT INTO p15_charge_plan (vin, mode, departure_local, target_soc, updated_at) "
      "VALUES (?, ?, ?, ?, FROM_UNIXTIME(?)) ON DUPLICATE KEY UPDATE mode = VALUES(mode), "
      "departure_local = VALUES(departure_local), target_soc = VALUES(target_soc), "
      "updated_at = VALUES(updated_at)";
  const std::string what = std::string("writing ") + kChargePlanTable + " for VIN " + plan.vin;
  std::string mode = to_string(plan.setting.mode);
  std::string departure = plan.setting.departure_local
                              ? format_time_of_day(*plan.setting.departure_local)
                              : std::string();
  int target = plan.setting.target_soc.value_or(0);
  long long epoch_s = plan.updated_at.time_since_epoch().count();
  unsigned long lens[3] = {plan.vin.size(), mode.size(), departure.size()};
  my_bool departure_null = plan.setting.departure_local ? 0 : 1;
  my_bool target_null = plan.setting.target_soc ? 0 : 1;
  MYSQL_BIND bind[5];
  std::memset(bind, 0, sizeof bind);
  bind[0].buffer_type = MYSQL_TYPE_STRING;
  bind[0].buffer = const_cast<char*>(plan.vin.data());
  bind[0].length = &lens[0];
  bind[1].buffer_type = MYSQL_TYPE_STRING;
  bind[1].buffer = mode.data();
  bind[1].length = &lens[1];
  bind[2].buffer_type = MYSQL_TYPE_STRING;
  bind[2].buffer = departure.data();
  bind[2].length = &lens[2];
  bind[2].is_null = &departure_null;
  bind[3].buffer_type = MYSQL_TYPE_LONG;
  bind[3].buffer = &target;
  bind[3].is_null = &target_null;
  bind[4].buffer_type = MYSQL_TYPE_LONGLONG;
  bind[4].buffer = &epoch_s;
  std::lock_guard lock(mu_);
  if (auto st = ensure_connected(); !st) return st;
  std::unique_ptr<MYSQL_STMT, StmtDeleter> stmt(mysql_stmt_init(conn_));
  if (!stmt) return fail(what, mysql_error(conn_));
  if (mysql_stmt_prepare(stmt.get(), kSql, std::strlen(kSql)) != 0) {
    return fail(what, with_hint(mysql_stmt_errno(stmt.get()), mysql_stmt_error(stmt.get())));
  }
  if (mysql_stmt_bind_param(stmt.get(), bind) != 0 || mysql_stmt_execute(stmt.get()) != 0) {
    return fail(what, mysql_stmt_error(stmt.get()));
  }
  return ok_status();
}

}  // namespace p15
