#pragma once
// database.row_time_zone's rule: which instant a row's `timestamp` names. This project's
// collector writes UTC; the original TeslaPy collector wrote its own wall clock, which repeats an
// hour when daylight saving time ends and skips one when it starts.
#include <optional>

#include "service/core/tariff.h"
#include "service/core/types.h"

namespace p15 {

// `wall` is the column's value read as if it were UTC (UNIX_TIMESTAMP under the session's
// time_zone '+00:00'). No zone: it is the instant. In the repeated hour the later of the two
// instants is taken unless it lies further ahead of `now` than freshness tolerates (a row not
// yet written cannot be meant), so the newest row of the second pass is not read as an hour old;
// in the skipped hour, the wall time is read with the offset before the gap (the instant after it).
TimePoint row_instant(LocalSeconds wall, const std::optional<LocalZone>& zone, TimePoint now);

}  // namespace p15
