#pragma once
// The Store on the shared MariaDB (libmariadb, MariaDB Connector/C).
#include <memory>
#include <mutex>
#include <string>

#include "service/config/config.h"
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
// Times: the session runs with time_zone '+00:00', so the DATETIME columns are read and written
// as UTC whatever the server's zone. A collector writing local wall-clock time into the shared
// tables will therefore look shifted by its UTC offset.
class MariaDbStore final : public Store {
 public:
  explicit MariaDbStore(DatabaseConfig config);
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
  const std::string target_;
  std::mutex mu_;
  st_mysql* conn_ = nullptr;  // guarded by mu_
};

std::unique_ptr<Store> make_mariadb_store(const DatabaseConfig& config);

}  // namespace p15
