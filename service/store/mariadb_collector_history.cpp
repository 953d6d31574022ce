#include "service/store/mariadb_collector_history.h"

#include <algorithm>
#include <limits>

#include "service/core/row_time.h"
#include "service/store/mariadb_statement.h"
#include "service/store/vehicle_json.h"

namespace p15 {
namespace {

// A page of rows below an id, newest first: a range scan of the primary key.
constexpr Query kBatteryPage{
    "battery_model.page_before", "battery_model",
    "SELECT id, UNIX_TIMESTAMP(`timestamp`), data FROM battery_model WHERE id < ? "
    "ORDER BY id DESC LIMIT 500"};
constexpr Query kVehiclePage{
    "vehicle_model.page_before", "vehicle_model",
    "SELECT id, UNIX_TIMESTAMP(`timestamp`), data FROM vehicle_model WHERE id < ? "
    "ORDER BY id DESC LIMIT 500"};
constexpr long long kPageRows = 500;
// The read stops after this many rows in a row older than the span: a few rows written out of
// order (as the newest-row read tolerates, mariadb_collector_rows.cpp) do not end it early.
constexpr long long kOlderInARow = 64;
// At most this many rows of a table: a day of one row a second. Beyond, the oldest are left out.
constexpr std::size_t kMaxRows = 86'400;

struct RawRow {
  std::int64_t id = 0;
  std::optional<TimePoint> time;  // nullopt: NULL or unreadable timestamp
  std::optional<std::string> data;
};

// Reads raw rows in [from, to] newest first into `out`, stopping as the header says.
template <class Keep>
Status read_span(Session& session, const Query& query, const std::optional<LocalZone>& zone,
                 TimePoint now, TimePoint from, Keep keep) {
  long long below = std::numeric_limits<long long>::max();
  long long older = 0;
  std::size_t kept = 0;
  for (;;) {
    Statement st(session, query, std::string("reading today's ") + query.table + " rows");
    st.integer(below);
    if (auto ok = st.execute(); !ok) return ok.error();
    long long fetched = 0;
    for (;;) {
      auto more = st.fetch();
      if (!more) return more.error();
      if (!*more) break;
      ++fetched;
      RawRow row;
      row.id = st.integer_at(0).value_or(0);
      below = row.id;
      if (auto secs = st.integer_at(1)) {
        row.time = row_instant(LocalSeconds{Seconds{*secs}}, zone, now);
      }
      if (row.time && *row.time < from) {
        if (++older >= kOlderInARow) return ok_status();
        continue;
      }
      older = 0;
      row.data = st.text_at(2);
      keep(row);
      if (++kept >= kMaxRows) return ok_status();
    }
    if (fetched < kPageRows) return ok_status();  // the table's first row was read
  }
}

// A raw row parsed by `parse`, or the error naming its table, id and field.
template <class T, class Parse>
Result<T> parse_row(const char* table, const RawRow& row, Parse parse) {
  const std::string where = std::string(table) + " row " + std::to_string(row.id) + ": ";
  if (!row.time) return Error{where + "timestamp is NULL or unreadable", ErrorKind::Invalid};
  if (!row.data) return Error{where + "data is NULL", ErrorKind::Invalid};
  return parse(*row.data, row.id, *row.time);
}

// Rows in [from, to] of one table, parsed, oldest first.
template <class T, class Parse>
Result<std::vector<Result<T>>> read_table(MariaDbConnection& connection, const Query& query,
                                          const std::optional<LocalZone>& zone, TimePoint now,
                                          TimePoint from, TimePoint to, Parse parse) {
  return connection.with_session([&](Session& session) -> Result<std::vector<Result<T>>> {
    std::vector<Result<T>> out;
    auto st = read_span(session, query, zone, now, from, [&](const RawRow& row) {
      if (row.time && *row.time > to) return;  // written after the span (a clock ahead)
      out.push_back(parse_row<T>(query.table, row, parse));
    });
    if (!st) return st.error();
    std::reverse(out.begin(), out.end());
    return out;
  });
}

}  // namespace

Result<PowerDayRows> MariaDbCollectorHistory::rows_between(TimePoint from, TimePoint to) {
  const TimePoint now = clock_.now();
  const PowerwallFallbacks fallbacks = powerwall_;
  auto pw =
      read_table<PowerwallReading>(connection_, kBatteryPage, row_zone_, now, from, to,
                                   [&](const std::string& data, std::int64_t id, TimePoint at) {
                                     return parse_powerwall_json(data, id, at, fallbacks);
                                   });
  if (!pw) return pw.error();
  auto car = read_table<VehicleReading>(connection_, kVehiclePage, row_zone_, now, from, to,
                                        parse_vehicle_json);
  if (!car) return car.error();
  return PowerDayRows{std::move(pw).value(), std::move(car).value()};
}

}  // namespace p15
