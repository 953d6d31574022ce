// MariaDbStore's half for the service's own tables (config/schema.sql): p15_energy_ledger, one
// row per recorded decision with the car's energy and its cost (service/core/energy_ledger.h),
// and p15_energy_ledger_hourly, the sums by UTC hour that GET /savings adds up.
#include <mysql.h>

#include <charconv>
#include <cstring>
#include <memory>
#include <optional>
#include <vector>

#include "service/store/mariadb_store.h"

namespace p15 {
namespace {

constexpr std::size_t kPolicyMaxChars = 50;  // p15_energy_ledger.policy VARCHAR(50)

struct ResultDeleter {
  void operator()(MYSQL_RES* r) const { mysql_free_result(r); }
};
struct StmtDeleter {
  void operator()(MYSQL_STMT* s) const { mysql_stmt_close(s); }
};

// Parameters of a prepared statement, kept alive (and at fixed addresses) until it executes.
class Binds {
 public:
  explicit Binds(std::size_t n) : binds_(n), longs_(n), doubles_(n), lengths_(n) {
    std::memset(binds_.data(), 0, n * sizeof(MYSQL_BIND));
  }
  Binds& integer(long long v) {
    longs_[i_] = v;
    binds_[i_].buffer_type = MYSQL_TYPE_LONGLONG;
    binds_[i_].buffer = &longs_[i_];
    ++i_;
    return *this;
  }
  Binds& number(double v) {
    doubles_[i_] = v;
    binds_[i_].buffer_type = MYSQL_TYPE_DOUBLE;
    binds_[i_].buffer = &doubles_[i_];
    ++i_;
    return *this;
  }
  Binds& text(const std::string& s) {
    lengths_[i_] = s.size();
    binds_[i_].buffer_type = MYSQL_TYPE_STRING;
    binds_[i_].buffer = const_cast<char*>(s.data());
    binds_[i_].length = &lengths_[i_];
    ++i_;
    return *this;
  }
  Binds& null() {
    binds_[i_].buffer_type = MYSQL_TYPE_NULL;
    ++i_;
    return *this;
  }
  MYSQL_BIND* data() { return binds_.data(); }
  std::size_t count() const { return i_; }

 private:
  std::vector<MYSQL_BIND> binds_;
  std::vector<long long> longs_;
  std::vector<double> doubles_;
  std::vector<unsigned long> lengths_;
  std::size_t i_ = 0;
};

long long epoch_s(TimePoint t) { return t.time_since_epoch().count(); }

// The columns GET /savings adds up, in LedgerTotals' order.
constexpr const char* kSumColumns[] = {"car_kwh",         "solar_kwh", "powerwall_kwh",
                                       "grid_kwh",        "grid_cost", "export_forgone",
                                       "powerwall_value", "cost",      "baseline_cost"};
constexpr std::size_t kSums = std::size(kSumColumns);

double* sum_field(LedgerTotals& t, std::size_t i) {
  double* fields[] = {&t.car_kwh,         &t.solar_kwh, &t.powerwall_kwh,
                      &t.grid_kwh,        &t.grid_cost, &t.export_forgone,
                      &t.powerwall_value, &t.cost,      &t.baseline_cost};
  return fields[i];
}

// The cycles and sums of the hours matching `cond`, as one group of SELECT expressions.
std::string sums_sql(const std::string& cond) {
  std::string sql = "COALESCE(SUM(IF(" + cond + ", cycles, 0)), 0)";
  for (const char* col : kSumColumns) {
    sql += ", COALESCE(SUM(IF(" + cond + ", " + col + ", 0)), 0)";
  }
  return sql;
}

// INSERT ... ON DUPLICATE KEY UPDATE of the hour's sums, from the column list.
std::string hourly_upsert_sql() {
  std::string cols = "hour, cycles", values = "FROM_UNIXTIME(?), 1", update = "cycles = cycles + 1";
  for (const char* col : kSumColumns) {
    cols += std::string(", ") + col;
    values += ", ?";
    update += std::string(", ") + col + " = " + col + " + VALUES(" + col + ")";
  }
  return "INSERT INTO p15_energy_ledger_hourly (" + cols + ") VALUES (" + values +
         ") ON DUPLICATE KEY UPDATE " + update;
}

// Prepares, binds and runs one statement; MariaDB's message on failure.
std::optional<std::string> run_statement(MYSQL* conn, const std::string& sql, Binds& b,
                                         std::int64_t* insert_id = nullptr) {
  std::unique_ptr<MYSQL_STMT, StmtDeleter> stmt(mysql_stmt_init(conn));
  if (!stmt) return std::string(mysql_error(conn));
  if (mysql_stmt_prepare(stmt.get(), sql.data(), sql.size()) != 0 ||
      mysql_stmt_bind_param(stmt.get(), b.data()) != 0 || mysql_stmt_execute(stmt.get()) != 0) {
    return std::string(mysql_stmt_error(stmt.get()));
  }
  if (insert_id) *insert_id = static_cast<std::int64_t>(mysql_stmt_insert_id(stmt.get()));
  return std::nullopt;
}

bool read_number(const char* s, unsigned long len, double& out) {
  if (s == nullptr) return false;
  auto [end, ec] = std::from_chars(s, s + len, out);
  return ec == std::errc() && end == s + len;
}

}  // namespace

Result<std::int64_t> MariaDbStore::record_ledger(std::int64_t decision_id,
                                                 const std::string& policy,
                                                 const LedgerEntry& entry) {
  if (policy.size() > kPolicyMaxChars) {
    return Error{"p15_energy_ledger: policy \"" + policy + "\" is longer than " +
                     std::to_string(kPolicyMaxChars) + " characters",
                 ErrorKind::Invalid};
  }
  std::lock_guard lock(mu_);
  if (auto st = ensure_connected(); !st) return st.error();
  return insert_ledger(decision_id, policy, entry);
}

// The row and its hour's sums in one transaction, so /savings (which reads the sums) never
// counts a row twice or misses one. A failure drops the connection (fail()), which makes the
// server roll the transaction back.
Result<std::int64_t> MariaDbStore::insert_ledger(std::int64_t decision_id,
                                                 const std::string& policy, const LedgerEntry& e) {
  static constexpr char kRowSql[] =
      "INSERT INTO p15_energy_ledger (decision_id, policy, `timestamp`, elapsed_s, car_kwh, "
      "solar_kwh, powerwall_kwh, grid_kwh, import_price, export_price, grid_cost, "
      "export_forgone, powerwall_value, cost, baseline_at, baseline_price, baseline_cost) "
      "VALUES (?, ?, FROM_UNIXTIME(?), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, FROM_UNIXTIME(?), ?, ?)";
  static const std::string kHourSql = hourly_upsert_sql();
  const std::string what = "inserting into p15_energy_ledger";
  Binds row(17);
  row.integer(decision_id).text(policy).integer(epoch_s(e.at)).integer(e.elapsed.count());
  row.number(e.car_kwh).number(e.solar_kwh).number(e.powerwall_kwh).number(e.grid_kwh);
  row.number(e.import_price).number(e.export_price);
  row.number(e.grid_cost).number(e.export_forgone).number(e.powerwall_value).number(e.cost);
  // No plug-in session (car disconnected): no baseline time.
  if (e.baseline_at == TimePoint{}) {
    row.null();
  } else {
    row.integer(epoch_s(e.baseline_at));
  }
  row.number(e.baseline_price).number(e.baseline_cost);
  Binds hour(1 + kSums);
  hour.integer(epoch_s(std::chrono::floor<std::chrono::hours>(e.at)));
  for (double v : {e.car_kwh, e.solar_kwh, e.powerwall_kwh, e.grid_kwh, e.grid_cost,
                   e.export_forgone, e.powerwall_value, e.cost, e.baseline_cost}) {
    hour.number(v);
  }
  std::int64_t id = 0;
  if (mysql_query(conn_, "START TRANSACTION") != 0) return fail(what, mysql_error(conn_));
  if (auto err = run_statement(conn_, kRowSql, row, &id)) return fail(what, *err);
  if (auto err = run_statement(conn_, kHourSql, hour)) return fail(what, *err);
  if (mysql_query(conn_, "COMMIT") != 0) return fail(what, mysql_error(conn_));
  return id;
}

Result<SavingsTotals> MariaDbStore::savings_totals(const SavingsPeriods& p) {
  // From the hourly sums: a year is 8,760 rows instead of a million. Local midnights are whole
  // UTC hours in every zone the tariffs use, so the hours add up to the days exactly. One
  // statement, so today, the month and the total are sums over the same rows.
  auto since = [](TimePoint t) {
    return "hour >= FROM_UNIXTIME(" + std::to_string(epoch_s(t)) + ")";
  };
  const std::string sql = "SELECT " + sums_sql(since(p.today_start)) + ", " +
                          sums_sql(since(p.month_start)) + ", " + sums_sql("TRUE") +
                          " FROM p15_energy_ledger_hourly";
  const std::string what = "summing p15_energy_ledger_hourly";
  std::lock_guard lock(mu_);
  if (auto st = ensure_connected(); !st) return st.error();
  if (mysql_real_query(conn_, sql.data(), sql.size()) != 0) return fail(what, mysql_error(conn_));
  std::unique_ptr<MYSQL_RES, ResultDeleter> res(mysql_store_result(conn_));
  if (!res) return fail(what, mysql_error(conn_));
  MYSQL_ROW row = mysql_fetch_row(res.get());
  const unsigned long* len = row ? mysql_fetch_lengths(res.get()) : nullptr;
  if (row == nullptr || len == nullptr) return fail(what, "no result row");
  SavingsTotals out;
  LedgerTotals* periods[] = {&out.today, &out.month, &out.total};
  for (std::size_t k = 0; k < 3; ++k) {
    const std::size_t base = k * (kSums + 1);
    double cycles = 0;
    if (!read_number(row[base], len[base], cycles)) return fail(what, "unreadable count");
    periods[k]->cycles = static_cast<long long>(cycles);
    for (std::size_t i = 0; i < kSums; ++i) {
      const std::size_t col = base + 1 + i;
      if (!read_number(row[col], len[col], *sum_field(*periods[k], i))) {
        return fail(what, std::string("unreadable sum of ") + kSumColumns[i]);
      }
    }
  }
  return out;
}

}  // namespace p15
