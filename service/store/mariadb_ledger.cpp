#include "service/store/mariadb_ledger.h"

#include "service/store/mariadb_sessions.h"
#include "service/store/mariadb_statement.h"

namespace p15 {
namespace {

constexpr std::size_t kPolicyMaxChars = 50;  // p15_energy_ledger.policy VARCHAR(50)

constexpr Query kStartTransaction{"p15_energy_ledger.begin", "p15_energy_ledger",
                                  "START TRANSACTION"};
constexpr Query kCommit{"p15_energy_ledger.commit", "p15_energy_ledger", "COMMIT"};

constexpr Query kInsertRow{
    "p15_energy_ledger.insert", "p15_energy_ledger",
    "INSERT INTO p15_energy_ledger (decision_id, policy, `timestamp`, elapsed_s, car_kwh, "
    "solar_kwh, powerwall_kwh, grid_kwh, import_price, export_price, grid_cost, "
    "export_forgone, powerwall_value, cost, baseline_at, baseline_price, baseline_cost) "
    "VALUES (?, ?, FROM_UNIXTIME(?), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, FROM_UNIXTIME(?), ?, ?)"};

// The sums, in kSumColumns' order after the hour and the count.
constexpr Query kAddToHour{
    "p15_energy_ledger_hourly.add", "p15_energy_ledger_hourly",
    "INSERT INTO p15_energy_ledger_hourly (hour, cycles, car_kwh, solar_kwh, powerwall_kwh, "
    "grid_kwh, grid_cost, export_forgone, powerwall_value, cost, baseline_cost) "
    "VALUES (FROM_UNIXTIME(?), 1, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE "
    "cycles = cycles + 1, car_kwh = car_kwh + VALUES(car_kwh), "
    "solar_kwh = solar_kwh + VALUES(solar_kwh), "
    "powerwall_kwh = powerwall_kwh + VALUES(powerwall_kwh), "
    "grid_kwh = grid_kwh + VALUES(grid_kwh), grid_cost = grid_cost + VALUES(grid_cost), "
    "export_forgone = export_forgone + VALUES(export_forgone), "
    "powerwall_value = powerwall_value + VALUES(powerwall_value), cost = cost + VALUES(cost), "
    "baseline_cost = baseline_cost + VALUES(baseline_cost)"};

// One row per period (0 today, 1 the month, 2 the year, 3 all: no start) with its count and sums in
// kSumColumns' order. One statement, so the four are sums over the same rows. From the hourly
// sums: a year is 8,760 rows instead of a million. Local midnights are whole UTC hours in every
// zone the tariffs use, so the hours add up to the days exactly.
constexpr Query kSums{
    "p15_energy_ledger_hourly.sums", "p15_energy_ledger_hourly",
    "SELECT p.k, COALESCE(SUM(h.cycles), 0), COALESCE(SUM(h.car_kwh), 0), "
    "COALESCE(SUM(h.solar_kwh), 0), COALESCE(SUM(h.powerwall_kwh), 0), "
    "COALESCE(SUM(h.grid_kwh), 0), COALESCE(SUM(h.grid_cost), 0), "
    "COALESCE(SUM(h.export_forgone), 0), COALESCE(SUM(h.powerwall_value), 0), "
    "COALESCE(SUM(h.cost), 0), COALESCE(SUM(h.baseline_cost), 0) "
    "FROM (SELECT 0 AS k, FROM_UNIXTIME(?) AS since UNION ALL SELECT 1, FROM_UNIXTIME(?) "
    "UNION ALL SELECT 2, FROM_UNIXTIME(?) UNION ALL SELECT 3, NULL) AS p "
    "LEFT JOIN p15_energy_ledger_hourly AS h ON p.since IS NULL OR h.hour >= p.since "
    "GROUP BY p.k ORDER BY p.k"};

// The columns GET /savings adds up, in LedgerTotals' order.
constexpr const char* kSumColumns[] = {"car_kwh",         "solar_kwh", "powerwall_kwh",
                                       "grid_kwh",        "grid_cost", "export_forgone",
                                       "powerwall_value", "cost",      "baseline_cost"};
constexpr std::size_t kSumCount = std::size(kSumColumns);

double* sum_field(LedgerTotals& t, std::size_t i) {
  double* fields[] = {&t.car_kwh,         &t.solar_kwh, &t.powerwall_kwh,
                      &t.grid_kwh,        &t.grid_cost, &t.export_forgone,
                      &t.powerwall_value, &t.cost,      &t.baseline_cost};
  return fields[i];
}

long long epoch_s(TimePoint t) { return t.time_since_epoch().count(); }

void bind_row(Statement& st, std::int64_t decision_id, const std::string& policy,
              const LedgerEntry& e) {
  st.integer(decision_id).text(policy).integer(epoch_s(e.at)).integer(e.elapsed.count());
  st.number(e.car_kwh).number(e.solar_kwh).number(e.powerwall_kwh).number(e.grid_kwh);
  st.number(e.import_price).number(e.export_price);
  st.number(e.grid_cost).number(e.export_forgone).number(e.powerwall_value).number(e.cost);
  // No plug-in session (car disconnected): no baseline time.
  if (e.baseline_at == TimePoint{}) {
    st.null();
  } else {
    st.integer(epoch_s(e.baseline_at));
  }
  st.number(e.baseline_price).number(e.baseline_cost);
}

void bind_hour(Statement& st, const LedgerEntry& e) {
  st.integer(epoch_s(std::chrono::floor<std::chrono::hours>(e.at)));
  for (double v : {e.car_kwh, e.solar_kwh, e.powerwall_kwh, e.grid_kwh, e.grid_cost,
                   e.export_forgone, e.powerwall_value, e.cost, e.baseline_cost}) {
    st.number(v);
  }
}

// One period's row of kSums into `out`; the name of what is unreadable otherwise.
std::optional<std::string> read_period(const Statement& st, LedgerTotals& out) {
  auto cycles = st.integer_at(1);
  if (!cycles) return "unreadable count";
  out.cycles = *cycles;
  for (std::size_t i = 0; i < kSumCount; ++i) {
    auto v = st.number_at(2 + i);
    if (!v) return std::string("unreadable sum of ") + kSumColumns[i];
    *sum_field(out, i) = *v;
  }
  return std::nullopt;
}

}  // namespace

Result<std::int64_t> MariaDbLedger::record_ledger(std::int64_t decision_id,
                                                  const std::string& policy,
                                                  const LedgerEntry& entry,
                                                  const std::vector<SessionDelta>& sessions) {
  if (policy.size() > kPolicyMaxChars) {
    return Error{"p15_energy_ledger: policy \"" + policy + "\" is longer than " +
                     std::to_string(kPolicyMaxChars) + " characters",
                 ErrorKind::Invalid};
  }
  if (auto ok = check_session_deltas(sessions); !ok) return ok.error();
  // The row, its hour's sums and its session's line in one transaction, so /savings (which
  // reads the sums) never counts a row twice or misses one, and the sessions add up to it. A
  // failure drops the connection, which makes the server roll the transaction back.
  return connection_.with_session([&](Session& session) -> Result<std::int64_t> {
    const std::string what = "inserting into p15_energy_ledger";
    if (auto ok = session.run(kStartTransaction, what); !ok) return ok.error();
    Statement row(session, kInsertRow, what);
    bind_row(row, decision_id, policy, entry);
    if (auto ok = row.execute(); !ok) return ok.error();
    Statement hour(session, kAddToHour, what);
    bind_hour(hour, entry);
    if (auto ok = hour.execute(); !ok) return ok.error();
    if (auto ok = write_session_deltas(session, sessions); !ok) return ok.error();
    if (auto ok = session.run(kCommit, what); !ok) return ok.error();
    return row.insert_id();
  });
}

Result<SavingsTotals> MariaDbLedger::savings_totals(const SavingsPeriods& p) {
  return connection_.with_session([&](Session& session) -> Result<SavingsTotals> {
    const std::string what = "summing p15_energy_ledger_hourly";
    Statement st(session, kSums, what);
    st.integer(epoch_s(p.today_start)).integer(epoch_s(p.month_start));
    st.integer(epoch_s(p.year_start));
    if (auto ok = st.execute(); !ok) return ok.error();
    SavingsTotals out;
    LedgerTotals* periods[] = {&out.today, &out.month, &out.year, &out.total};
    for (std::size_t k = 0; k < std::size(periods); ++k) {
      auto row = st.fetch();
      if (!row) return row.error();
      if (!*row || st.integer_at(0) != static_cast<long long>(k)) {
        return session.fail(kSums, what, 0, "no result row for period " + std::to_string(k));
      }
      if (auto bad = read_period(st, *periods[k])) return session.fail(kSums, what, 0, *bad);
    }
    return out;
  });
}

}  // namespace p15
