#include "collector/row_writer.h"

#include "service/store/mariadb_connection.h"
#include "service/store/mariadb_statement.h"

namespace p15::collector {
namespace {

constexpr Query kInsertBattery{"battery_model.insert", "battery_model",
                               "INSERT INTO battery_model (data, `timestamp`) "
                               "VALUES (?, FROM_UNIXTIME(?))"};
constexpr Query kInsertVehicle{"vehicle_model.insert", "vehicle_model",
                               "INSERT INTO vehicle_model (data, `timestamp`) "
                               "VALUES (?, FROM_UNIXTIME(?))"};
// ORDER BY id LIMIT n walks the primary key from the oldest row and stops after n matches:
// rows are appended in time order, so the old ones are all at the start and a batch costs what
// it deletes, whatever the table's size.
constexpr Query kPruneBattery{"battery_model.prune", "battery_model",
                              "DELETE FROM battery_model WHERE `timestamp` < FROM_UNIXTIME(?) "
                              "ORDER BY id LIMIT ?"};
constexpr Query kPruneVehicle{"vehicle_model.prune", "vehicle_model",
                              "DELETE FROM vehicle_model WHERE `timestamp` < FROM_UNIXTIME(?) "
                              "ORDER BY id LIMIT ?"};

}  // namespace

std::string table_name(RowTable t) {
  return t == RowTable::Battery ? "battery_model" : "vehicle_model";
}

Result<std::int64_t> MariaDbRowWriter::append(RowTable table, const std::string& json,
                                              TimePoint at) {
  const Query& q = table == RowTable::Battery ? kInsertBattery : kInsertVehicle;
  return connection_.with_session([&](Session& session) -> Result<std::int64_t> {
    Statement st(session, q, "inserting into " + table_name(table));
    st.text(json).integer(at.time_since_epoch().count());
    if (auto ok = st.execute(); !ok) return ok.error();
    return st.insert_id();
  });
}

Result<std::int64_t> MariaDbRowWriter::prune(RowTable table, TimePoint before, int batch) {
  const Query& q = table == RowTable::Battery ? kPruneBattery : kPruneVehicle;
  return connection_.with_session([&](Session& session) -> Result<std::int64_t> {
    Statement st(session, q, "pruning " + table_name(table));
    st.integer(before.time_since_epoch().count()).integer(batch);
    if (auto ok = st.execute(); !ok) return ok.error();
    return st.affected_rows();
  });
}

}  // namespace p15::collector
