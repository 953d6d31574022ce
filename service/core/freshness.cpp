#include "service/core/freshness.h"

namespace p15 {

Status check_fresh(const std::string& table, std::int64_t row_id, TimePoint row_time, TimePoint now,
                   Seconds stale_after) {
  long long age = age_s(row_time, now);
  std::string row = table + " row " + std::to_string(row_id);
  if (age > stale_after.count()) {
    return Error{row + " is " + std::to_string(age) + " s old (limit " +
                     std::to_string(stale_after.count()) + " s, poll.stale_after_s)",
                 ErrorKind::Stale};
  }
  if (-age > kMaxFutureSkew.count()) {
    return Error{row + " is stamped " + std::to_string(-age) +
                     " s in the future (clock skew; timestamps must be UTC)",
                 ErrorKind::Stale};
  }
  return ok_status();
}

Status check_part_fresh(const std::string& table, std::int64_t row_id, const std::string& part,
                        TimePoint part_time, TimePoint now, Seconds limit,
                        const std::string& setting) {
  const long long age = age_s(part_time, now);
  if (age <= limit.count()) return ok_status();
  return Error{table + " row " + std::to_string(row_id) + ": " + part + " is " +
                   std::to_string(age) + " s old (limit " + std::to_string(limit.count()) + " s, " +
                   setting + ")",
               ErrorKind::Stale};
}

}  // namespace p15
