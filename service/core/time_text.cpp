#include "service/core/time_text.h"

#include <cstdio>

namespace p15 {

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

std::optional<Seconds> parse_time_of_day(std::string_view s) {
  int h = 0, m = 0;
  if (s.size() != 5 || !read_int(s, 0, 2, h) || s[2] != ':' || !read_int(s, 3, 2, m) || h > 23 ||
      m > 59) {
    return std::nullopt;
  }
  return chr::hours{h} + chr::minutes{m};
}

std::string format_utc(TimePoint t) {
  const auto day = chr::floor<chr::days>(t);
  const chr::year_month_day ymd{day};
  const chr::hh_mm_ss hms{t - day};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  return buf;
}

}  // namespace p15
