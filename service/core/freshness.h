#pragma once
// The service never commands the car from data it cannot trust: old rows, or rows from the future.
#include <cstdint>
#include <string>

#include "service/core/result.h"
#include "service/core/types.h"

namespace p15 {

// A row stamped slightly ahead of our clock is tolerated (clocks drift); more is clock skew.
inline constexpr Seconds kMaxFutureSkew{120};

// Error (kind Stale) naming the table, row and its age when the row is older than stale_after
// or further in the future than kMaxFutureSkew.
Status check_fresh(const std::string& table, std::int64_t row_id, TimePoint row_time, TimePoint now,
                   Seconds stale_after);

// A part of a fresh row that was read before the row was written (the Powerwall's reading, an
// asleep car's last charge state): Error (kind Stale) naming the row, the part, its age and
// `setting` when it is older than `limit`.
Status check_part_fresh(const std::string& table, std::int64_t row_id, const std::string& part,
                        TimePoint part_time, TimePoint now, Seconds limit,
                        const std::string& setting);

// Age in seconds (negative when the row is from the future).
inline long long age_s(TimePoint row_time, TimePoint now) { return (now - row_time).count(); }

}  // namespace p15
