#pragma once
// Time zones from the OS database (tzdata, /usr/share/zoneinfo) through date/tz. This is the
// adapter that reads the database; the core only gets the LocalZone it hands out.
#include <optional>
#include <string>
#include <vector>

#include "service/core/result.h"
#include "service/core/tariff.h"

namespace p15 {

// An IANA name ("America/Los_Angeles"). The zone's rules are read here, once, so that the core's
// conversions later read nothing. Error: not in the database (or no database: install tzdata).
Result<LocalZone> find_zone(const std::string& iana_name);

// The names users configure (tariff.zone, a tariff file's zone:): us-pacific, europe-berlin,
// australia-sydney.
const std::vector<std::string>& zone_names();
Result<LocalZone> zone_named(const std::string& name);

// database.row_time_zone: "UTC" (nullopt: the rows are UTC), one of zone_names(), or an IANA
// name. Error: the name is none of these.
Result<std::optional<LocalZone>> row_time_zone(const std::string& name);

// The zones the programs and tests use by fixed choice (PG&E is Pacific, OPSD's home is in
// Berlin, Ausgrid's in Sydney). Throw std::runtime_error when the database lacks them.
LocalZone us_pacific_zone();        // America/Los_Angeles
LocalZone europe_berlin_zone();     // Europe/Berlin
LocalZone australia_sydney_zone();  // Australia/Sydney

}  // namespace p15
