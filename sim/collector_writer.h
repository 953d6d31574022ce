#pragma once
// Plays the collector's database side: inserts the newest Powerwall and vehicle JSON into
// battery_model and vehicle_model, stamped with the REAL UTC time of the write (the service
// judges staleness by its own clock), while the simulated time travels inside the JSON.
#include <memory>
#include <string>

#include "service/core/result.h"
#include "service/core/types.h"

typedef struct st_mysql MYSQL;

namespace p15::sim {

struct DbOptions {
  std::string host = "127.0.0.1";
  int port = 3306;
  std::string socket;  // used instead of host:port when set
  std::string user = "root";
  std::string password;  // from P15_SIM_DB_PASSWORD, never a flag
  std::string database = "project_15th_street";
  bool create_tables = false;  // apply schema_file (config/schema.sql) on connecting
  std::string schema_file;     // empty: default_schema_file() of sim_app.h
};

// Where the simulator's collector rows go; the simulation does not care whether it is MariaDB.
class CollectorSink {
 public:
  virtual ~CollectorSink() = default;
  virtual Status write_battery(const std::string& json, TimePoint real_utc) = 0;
  virtual Status write_vehicle(const std::string& json, TimePoint real_utc) = 0;
};

class CollectorWriter : public CollectorSink {
 public:
  explicit CollectorWriter(DbOptions options);
  ~CollectorWriter() override;
  CollectorWriter(const CollectorWriter&) = delete;
  CollectorWriter& operator=(const CollectorWriter&) = delete;

  Status connect();  // also applies the schema when asked
  Status write_battery(const std::string& json, TimePoint real_utc) override;
  Status write_vehicle(const std::string& json, TimePoint real_utc) override;
  std::string target() const;

 private:
  Status insert(const std::string& table, const std::string& json, TimePoint real_utc);
  Status ensure_connected();
  Status apply_schema();
  void disconnect();

  DbOptions options_;
  MYSQL* conn_ = nullptr;
};

}  // namespace p15::sim
