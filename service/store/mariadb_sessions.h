#pragma once
// The plug-in sessions on MariaDB: p15_charge_session (config/schema.sql), one line per session
// of the cost ledger, changed by write_session_deltas inside the ledger row's transaction
// (mariadb_ledger.cpp) and read by GET /sessions and /sessions.csv.
#include <vector>

#include "service/core/charge_session.h"
#include "service/store/store.h"

namespace p15 {

class MariaDbConnection;
class Session;

// Whether the deltas fit the table (the VIN's length), checked before the transaction starts.
Status check_session_deltas(const std::vector<SessionDelta>& deltas);
// Applies the deltas on an open session, in its transaction (the caller commits). The first
// failure is returned; the caller's transaction then rolls back with the dropped connection.
Status write_session_deltas(Session& session, const std::vector<SessionDelta>& deltas);

class MariaDbSessions final : public SessionBook {
 public:
  explicit MariaDbSessions(MariaDbConnection& connection) : connection_(connection) {}

  Result<SessionList> charge_sessions(std::optional<int> limit) override;

 private:
  MariaDbConnection& connection_;
};

}  // namespace p15
