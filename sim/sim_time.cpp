#include "sim/sim_time.h"

#include <cstdio>

namespace p15::sim {

namespace chr = std::chrono;

namespace {

std::string two(long long v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02lld", v);
  return buf;
}

std::string wall_fields(LocalSeconds local, char sep) {
  const auto day = chr::floor<chr::days>(local);
  const chr::year_month_day ymd{chr::sys_days{day.time_since_epoch()}};
  const chr::hh_mm_ss hms{local - day};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u%c%02lld:%02lld:%02lld",
                static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()), sep, static_cast<long long>(hms.hours().count()),
                static_cast<long long>(hms.minutes().count()),
                static_cast<long long>(hms.seconds().count()));
  return buf;
}

}  // namespace

std::string format_local_iso(const LocalZone& zone, TimePoint utc) {
  const Seconds off = utc_offset(zone, utc);
  const long long minutes = off.count() / 60;
  const long long abs_min = minutes < 0 ? -minutes : minutes;
  return wall_fields(to_local(zone, utc), 'T') + (minutes < 0 ? "-" : "+") + two(abs_min / 60) +
         ":" + two(abs_min % 60);
}

std::string format_wall(LocalSeconds local) { return wall_fields(local, 'T'); }

}  // namespace p15::sim
