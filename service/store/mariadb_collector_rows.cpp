#include "service/store/mariadb_collector_rows.h"

#include "service/store/mariadb_statement.h"
#include "service/store/vehicle_json.h"

namespace p15 {
namespace {

// Newest by timestamp; rows sharing the one-second timestamp are ordered by id (domain.md 2).
// A row without a timestamp sorts last, so it is newest only when no row has one.
constexpr Query kNewestBattery{"battery_model.newest", "battery_model",
                               "SELECT id, UNIX_TIMESTAMP(`timestamp`), data FROM battery_model "
                               "ORDER BY `timestamp` DESC, id DESC LIMIT 1"};
constexpr Query kNewestVehicle{"vehicle_model.newest", "vehicle_model",
                               "SELECT id, UNIX_TIMESTAMP(`timestamp`), data FROM vehicle_model "
                               "ORDER BY `timestamp` DESC, id DESC LIMIT 1"};

struct RawRow {
  std::int64_t id = 0;
  TimePoint time{};
  std::string data;
};

Result<RawRow> newest_row(MariaDbConnection& connection, const Query& query) {
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
    out.time = TimePoint{Seconds{*secs}};
    auto data = st.text_at(2);
    if (!data) return Error{where + "data is NULL", ErrorKind::Invalid};
    out.data = std::move(*data);
    return out;
  });
}

}  // namespace

Result<PowerwallReading> MariaDbCollectorRows::newest_powerwall() {
  auto row = newest_row(connection_, kNewestBattery);
  if (!row) return row.error();
  return parse_powerwall_json(row->data, row->id, row->time, powerwall_);
}

Result<VehicleReading> MariaDbCollectorRows::newest_vehicle() {
  auto row = newest_row(connection_, kNewestVehicle);
  if (!row) return row.error();
  return parse_vehicle_json(row->data, row->id, row->time);
}

}  // namespace p15
