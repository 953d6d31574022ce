#pragma once
// The Store on the shared MariaDB (libmariadb, MariaDB Connector/C).
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "service/clock/clock.h"
#include "service/config/config.h"
#include "service/core/backoff.h"
#include "service/store/powerwall_json.h"
#include "service/store/store.h"

struct st_mysql;  // MYSQL, kept out of this header so callers need no mariadb include path

namespace p15 {

// One connection, guarded by one mutex: the poll loop and HTTP handlers share it, and the load
// (a few queries per 30 s poll) never needs a pool.
//
// Lazy: the constructor does not connect, so the service starts (and reports unhealthy) while
// the database is down. Every call connects if there is no connection, checks a kept one with a
// ping first (a connection the server killed or timed out is replaced, not reported), and on any
// failure returns Error kind Unavailable naming host:port/database and the MariaDB error (never
// the password), then drops the connection so the next call starts afresh.
//
// Reconnects back off: after n failed connection attempts in a row, calls fail at once (naming
// the last error and the wait) until 2^(n-1) s have passed, at most database.reconnect_max_s, so a
// dead database costs neither a connect timeout per call nor a log line per poll.
//
// Times: the session runs with time_zone '+00:00', so the DATETIME columns are read and written
// as UTC whatever the server's zone. A collector writing local wall-clock time into the shared
// tables will therefore look shifted by its UTC offset.
// One connection attempt, for whoever counts them (the metrics live outside the store).
struct ConnectAttempt {
  bool ok = false;
  int failures = 0;     // failed attempts in a row, this one included (0 when ok)
  Seconds retry_in{0};  // wait before the next attempt (0 when ok)
};
using ConnectObserver = std::function<void(const ConnectAttempt&)>;

class MariaDbStore final : public Store {
 public:
  // The system clock and nobody told about connection attempts.
  explicit MariaDbStore(DatabaseConfig config);
  MariaDbStore(DatabaseConfig config, Clock& clock, ConnectObserver observer = {},
               PowerwallFallbacks powerwall = {});
  ~MariaDbStore() override;
  MariaDbStore(const MariaDbStore&) = delete;
  MariaDbStore& operator=(const MariaDbStore&) = delete;

  Result<PowerwallReading> newest_powerwall() override;
  Result<VehicleReading> newest_vehicle() override;
  Result<std::int64_t> record_decision(const Decision& decision, TimePoint at) override;
  Result<std::int64_t> record_ledger(std::int64_t decision_id, const std::string& policy,
                                     const LedgerEntry& entry) override;  // mariadb_ledger.cpp
  Result<SavingsTotals> savings_totals(const SavingsPeriods& periods) override;
  Status ping() override;
  Result<std::optional<StoredChargeMode>> read_charge_plan(const std::string& vin) override;
  Status upsert_charge_plan(const StoredChargeMode& plan) override;

  // "host:port/database" or "socket <path>/database": how messages name this database.
  const std::string& target() const { return target_; }

 private:
  struct RawRow;
  Result<RawRow> newest_row(const std::string& table);
  Result<std::int64_t> insert_decision(const Decision& decision, const std::string& features,
                                       TimePoint at);
  Result<std::int64_t> insert_ledger(std::int64_t decision_id, const std::string& policy,
                                     const LedgerEntry& entry);
  Status ensure_connected();
  Status connect();
  Error fail(const std::string& what, const std::string& detail);
  void disconnect();

  const DatabaseConfig config_;
  const PowerwallFallbacks powerwall_;
  const std::string target_;
  Clock& clock_;
  const ConnectObserver observer_;
  const BackoffSettings backoff_;
  std::mutex mu_;
  st_mysql* conn_ = nullptr;           // guarded by mu_, like the three below
  int failures_ = 0;                   // failed connection attempts in a row
  std::optional<TimePoint> retry_at_;  // no attempt before this
  std::string last_error_;             // of the last failed attempt
};

std::unique_ptr<Store> make_mariadb_store(const DatabaseConfig& config);

}  // namespace p15
