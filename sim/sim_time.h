#pragma once
// Parsing and formatting of the date-times found in the data files and written into the JSON.
#include <optional>
#include <string>
#include <string_view>

#include "service/core/tariff.h"
#include "service/core/time_text.h"
#include "service/core/types.h"

namespace p15::sim {

// The parsers moved to service/core/time_text.h (the service reads price files too).
using p15::parse_utc;
using p15::parse_wall_time;

// "2023-05-01T12:00:00-07:00": the local time of `utc` in `zone`, with its offset.
std::string format_local_iso(const LocalZone& zone, TimePoint utc);

// "2016-06-01T00:00" for logs and /status.
std::string format_wall(LocalSeconds local);

}  // namespace p15::sim
