#include "sim/sim_time.h"

#include <cstdio>

namespace p15::sim {

namespace chr = std::chrono;

namespace {

// Reads exactly `width` digits at `pos`, or fails.
bool read_int(std::string_view s, std::size_t pos, std::size_t width, int& out) {
  if (pos + width > s.size()) return false;
  int v = 0;
  for (std::size_t i = pos; i < pos + width; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

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

std::optional<LocalSeconds> parse_wall_time(std::string_view s) {
  int y, mo, d, h, mi, sec = 0;
  if (!read_int(s, 0, 4, y) || s.size() < 16 || s[4] != '-' || !read_int(s, 5, 2, mo) ||
      s[7] != '-' || !read_int(s, 8, 2, d) || (s[10] != 'T' && s[10] != ' ') ||
      !read_int(s, 11, 2, h) || s[13] != ':' || !read_int(s, 14, 2, mi)) {
    return std::nullopt;
  }
  std::size_t end = 16;
  if (s.size() > 16 && s[16] == ':') {
    if (!read_int(s, 17, 2, sec)) return std::nullopt;
    end = 19;
  }
  if (end < s.size() && s.substr(end) != "Z") return std::nullopt;
  const chr::year_month_day ymd{chr::year{y}, chr::month{static_cast<unsigned>(mo)},
                                chr::day{static_cast<unsigned>(d)}};
  if (!ymd.ok() || h > 23 || mi > 59 || sec > 59) return std::nullopt;
  return LocalSeconds{chr::sys_days{ymd}.time_since_epoch()} + chr::hours{h} + chr::minutes{mi} +
         Seconds{sec};
}

std::optional<TimePoint> parse_utc(std::string_view text) {
  if (text.empty() || text.back() != 'Z') return std::nullopt;
  const auto wall = parse_wall_time(text);
  if (!wall) return std::nullopt;
  return TimePoint{wall->time_since_epoch()};
}

std::string format_local_iso(const LocalZone& zone, TimePoint utc) {
  const Seconds off = utc_offset(zone, utc);
  const long long minutes = off.count() / 60;
  const long long abs_min = minutes < 0 ? -minutes : minutes;
  return wall_fields(to_local(zone, utc), 'T') + (minutes < 0 ? "-" : "+") + two(abs_min / 60) +
         ":" + two(abs_min % 60);
}

std::string format_sql_datetime(TimePoint utc) {
  return wall_fields(LocalSeconds{utc.time_since_epoch()}, ' ');
}

std::string format_wall(LocalSeconds local) { return wall_fields(local, 'T'); }

}  // namespace p15::sim
