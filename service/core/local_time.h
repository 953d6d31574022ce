#pragma once
// Wall-clock times of day in a home's zone: the owner says "leave at 07:30", the policy needs
// the UTC instant of the next 07:30.
#include <optional>
#include <string>

#include "service/core/result.h"
#include "service/core/tariff.h"
#include "service/core/types.h"

namespace p15 {

// The first instant after `now` whose local time of day in `zone` is `local_tod` (seconds after
// local midnight). A time skipped when DST starts is taken the day after; a repeated one at its
// first occurrence. nullopt only for a time of day that no day in the next three has.
std::optional<TimePoint> next_daily(const LocalZone& zone, TimePoint now, Seconds local_tod);

// "HH:MM", 00:00..23:59, two digits each: seconds after local midnight. The error names `field`.
Result<Seconds> parse_time_of_day(const std::string& text, const std::string& field);
std::string format_time_of_day(Seconds local_tod);  // "07:30"

}  // namespace p15
