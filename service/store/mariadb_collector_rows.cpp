#include "service/store/mariadb_collector_rows.h"

#include "service/core/row_time.h"
#include "service/store/mariadb_statement.h"
#include "service/store/vehicle_json.h"

namespace p15 {
namespace {

// The newest row, read by the primary key: the collector appends its rows, so the newest ones
// hold the highest ids, and the last kWindow of them are found in the index without touching the
// rest of the table (an ORDER BY `timestamp` over the whole table sorted every row, 1.1-1.2 s a
// table at a year of 30 s rows, growing without bound). Among that window the tie rule of
// domain.md section 2 holds: the newest `timestamp`, then the highest id; a row that is NULL-
// stamped sorts last. A row written out of order by more than the window is not seen, which no
// collector appending one row per reading does.
// Rows stamped in a zone's wall clock (database.row_time_zone) repeat an hour when daylight
// saving time ends, so their wall-clock order is not their order: there the highest id is newest.
constexpr Query kNewestBattery{
    "battery_model.newest", "battery_model",
    "SELECT id, UNIX_TIMESTAMP(`timestamp`), data FROM (SELECT id, `timestamp`, data FROM "
    "battery_model ORDER BY id DESC LIMIT 64) AS recent ORDER BY `timestamp` DESC, id DESC LIMIT "
    "1"};
constexpr Query kNewestVehicle{
    "vehicle_model.newest", "vehicle_model",
    "SELECT id, UNIX_TIMESTAMP(`timestamp`), data FROM (SELECT id, `timestamp`, data FROM "
    "vehicle_model ORDER BY id DESC LIMIT 64) AS recent ORDER BY `timestamp` DESC, id DESC LIMIT "
    "1"};
constexpr Query kNewestBatteryZoned{
    "battery_model.newest_by_id", "battery_model",
    "SELECT id, UNIX_TIMESTAMP(`timestamp`), data FROM battery_model ORDER BY id DESC LIMIT 1"};
constexpr Query kNewestVehicleZoned{
    "vehicle_model.newest_by_id", "vehicle_model",
    "SELECT id, UNIX_TIMESTAMP(`timestamp`), data FROM vehicle_model ORDER BY id DESC LIMIT 1"};

struct RawRow {
  std::int64_t id = 0;
  TimePoint time{};
  std::string data;
};

Result<RawRow> newest_row(MariaDbConnection& connection, const Query& query,
                          const std::optional<LocalZone>& zone, TimePoint now) {
  const std::string table = query.table;
  return connection.with_session([&](Session& session) -> Result<RawRow> {
    Statement st(session, query, "reading the newest " + table + " row");
    if (auto ok = st.execute(); !ok) return ok.error();
    auto row = st.fetch();
    if (!row) return row.error();
    if (!*row) return Error{table + " has no rows", ErrorKind::NotFound};
    RawRow out;
    auto id = st.integer_at(0);
    if (!id) return Error{table + ": newest row has an unreadable id", ErrorKind::Invalid};
    out.id = *id;
    const std::string where = table + " row " + std::to_string(out.id) + ": ";
    if (st.is_null(1)) return Error{where + "timestamp is NULL", ErrorKind::Invalid};
    auto secs = st.integer_at(1);
    if (!secs) return Error{where + "timestamp is out of range", ErrorKind::Invalid};
    out.time = row_instant(LocalSeconds{Seconds{*secs}}, zone, now);
    auto data = st.text_at(2);
    if (!data) return Error{where + "data is NULL", ErrorKind::Invalid};
    out.data = std::move(*data);
    return out;
  });
}

}  // namespace

Result<PowerwallReading> MariaDbCollectorRows::newest_powerwall() {
  auto row = newest_row(connection_, row_zone_ ? kNewestBatteryZoned : kNewestBattery, row_zone_,
                        clock_.now());
  if (!row) return row.error();
  return parse_powerwall_json(row->data, row->id, row->time, powerwall_);
}

Result<VehicleReading> MariaDbCollectorRows::newest_vehicle() {
  auto row = newest_row(connection_, row_zone_ ? kNewestVehicleZoned : kNewestVehicle, row_zone_,
                        clock_.now());
  if (!row) return row.error();
  return parse_vehicle_json(row->data, row->id, row->time);
}

}  // namespace p15
