#pragma once
// p15_tesla_usage: Tesla's requests per UTC month and pricing category, added to by the service
// and p15-collector alike (one account, one bill), so a restart does not zero the month.
//
// record() is called from the Fleet client's billing observer, on whatever thread sent the
// request, and does no I/O: a database that is down must not slow a command to the car. The
// counts wait in memory until flush() (after each cycle or collection round) adds them in one
// transaction; a failed flush keeps them for the next.
#include <map>
#include <mutex>
#include <string>
#include <utility>

#include "service/core/tesla_usage.h"
#include "service/store/mariadb_connection.h"

namespace p15 {

inline constexpr const char* kTeslaUsageTable = "p15_tesla_usage";

class TeslaUsageBook {
 public:
  explicit TeslaUsageBook(MariaDbConnection& connection) : connection_(connection) {}

  void record(TeslaCategory category, bool billed, TimePoint at);
  Status flush();
  // The month of `now` as stored, after a flush (what is still pending is added in).
  Result<TeslaUsageMonth> month(TimePoint now);

 private:
  using Key = std::pair<std::string, std::string>;  // month, category
  void merge(const std::map<Key, TeslaUsage>& counts);

  MariaDbConnection& connection_;
  std::mutex mu_;
  std::map<Key, TeslaUsage> pending_;  // under mu_
  std::mutex flush_mu_;                // one flush at a time: the same counts never go twice
};

}  // namespace p15
