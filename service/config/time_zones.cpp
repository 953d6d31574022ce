#include "service/config/time_zones.h"

#include <date/tz.h>

#include <stdexcept>
#include <utility>

namespace p15 {

namespace {

// The configured name and the database's name for it.
const std::vector<std::pair<std::string, std::string>>& configured_zones() {
  static const std::vector<std::pair<std::string, std::string>> zones = {
      {"us-pacific", "America/Los_Angeles"},
      {"europe-berlin", "Europe/Berlin"},
      {"australia-sydney", "Australia/Sydney"}};
  return zones;
}

LocalZone required_zone(const std::string& iana_name) {
  auto zone = find_zone(iana_name);
  if (!zone) throw std::runtime_error(zone.error().message);
  return *zone;
}

}  // namespace

Result<LocalZone> find_zone(const std::string& iana_name) {
  try {
    const date::time_zone* tz = date::locate_zone(iana_name);
    // date/tz reads a zone's file at its first conversion; do that here, not in the core.
    (void)tz->get_info(std::chrono::sys_seconds{});
    return LocalZone{tz->name(), tz};
  } catch (const std::exception& e) {
    return Error{"time zone " + iana_name + ": " + e.what() + " (the database is package tzdata)",
                 ErrorKind::NotFound};
  }
}

const std::vector<std::string>& zone_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& z : configured_zones()) out.push_back(z.first);
    return out;
  }();
  return names;
}

Result<LocalZone> zone_named(const std::string& name) {
  for (const auto& [configured, iana] : configured_zones()) {
    if (configured == name) return find_zone(iana);
  }
  return Error{"unknown zone '" + name + "' (us-pacific, europe-berlin, australia-sydney)"};
}

Result<std::optional<LocalZone>> row_time_zone(const std::string& name) {
  if (name == "UTC") return std::optional<LocalZone>{};
  auto zone = zone_named(name);
  if (!zone) zone = find_zone(name);
  if (!zone) {
    return Error{"'" + name + "' is not UTC, one of us-pacific, europe-berlin, australia-sydney, " +
                     "or an IANA zone name such as America/Los_Angeles",
                 ErrorKind::Invalid};
  }
  return std::optional<LocalZone>{*zone};
}

LocalZone us_pacific_zone() { return required_zone("America/Los_Angeles"); }
LocalZone europe_berlin_zone() { return required_zone("Europe/Berlin"); }
LocalZone australia_sydney_zone() { return required_zone("Australia/Sydney"); }

}  // namespace p15
