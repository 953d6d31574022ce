#pragma once
// Date-times as they appear in price files and data files. Pure text parsing, no zone database.
#include <optional>
#include <string>
#include <string_view>

#include "service/core/tariff.h"
#include "service/core/types.h"

namespace p15 {

// "YYYY-MM-DD[T ]HH:MM[:SS]" with an optional trailing "Z": the wall-clock fields only.
std::optional<LocalSeconds> parse_wall_time(std::string_view text);

// "YYYY-MM-DDTHH:MM:SSZ" read as UTC.
std::optional<TimePoint> parse_utc(std::string_view text);

// The same text written from `t`: what the API, the logs and the command summaries show.
std::string format_utc(TimePoint t);

// "HH:MM" (00:00..23:59) as the time since midnight.
std::optional<Seconds> parse_time_of_day(std::string_view text);

}  // namespace p15
