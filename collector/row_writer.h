#pragma once
// Appends the collector's rows to battery_model and vehicle_model (domain.md section 2: the
// tables are shared, their schema is not ours to change) stamped in UTC, and prunes rows older
// than collector.retention_days in small batches by the primary key, so neither the writes nor
// the service's reads (the newest by id) slow down as the tables age.
#include <cstdint>
#include <string>

#include "service/core/result.h"
#include "service/core/types.h"

namespace p15 {
class MariaDbConnection;
}

namespace p15::collector {

enum class RowTable { Battery, Vehicle };
std::string table_name(RowTable t);

// Where rows go; the MariaDB writer and the tests' double implement it.
class RowSink {
 public:
  virtual ~RowSink() = default;
  virtual Result<std::int64_t> append(RowTable table, const std::string& json, TimePoint at) = 0;
  // Deletes at most `batch` rows stamped before `before`, oldest first; how many went.
  virtual Result<std::int64_t> prune(RowTable table, TimePoint before, int batch) = 0;
};

class MariaDbRowWriter final : public RowSink {
 public:
  explicit MariaDbRowWriter(MariaDbConnection& connection) : connection_(connection) {}
  Result<std::int64_t> append(RowTable table, const std::string& json, TimePoint at) override;
  Result<std::int64_t> prune(RowTable table, TimePoint before, int batch) override;

 private:
  MariaDbConnection& connection_;
};

}  // namespace p15::collector
