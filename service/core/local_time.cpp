#include "service/core/local_time.h"

#include <cstdio>

namespace p15 {

std::optional<TimePoint> next_daily(const LocalZone& zone, TimePoint now, Seconds local_tod) {
  const LocalSeconds local = to_local(zone, now);
  const auto midnight = std::chrono::floor<std::chrono::days>(local);
  for (int d = 0; d < 3; ++d) {
    const LocalToUtc at = to_utc(zone, midnight + std::chrono::days{d} + local_tod);
    if (at.matches > 0 && at.earlier > now) return at.earlier;
  }
  return std::nullopt;
}

namespace {
bool digit(char c) { return c >= '0' && c <= '9'; }
}  // namespace

Result<Seconds> parse_time_of_day(const std::string& text, const std::string& field) {
  const Error bad{field + ": expected a local time of day \"HH:MM\" (00:00..23:59), got \"" + text +
                  "\""};
  // Exactly five characters: "7:30", "07:30:00" and " 07:30" are refused rather than guessed.
  if (text.size() != 5 || text[2] != ':') return bad;
  for (int i : {0, 1, 3, 4}) {
    if (!digit(text[static_cast<std::size_t>(i)])) return bad;
  }
  const int hours = (text[0] - '0') * 10 + (text[1] - '0');
  const int minutes = (text[3] - '0') * 10 + (text[4] - '0');
  if (hours > 23 || minutes > 59) return bad;
  return Seconds{hours * 3600 + minutes * 60};
}

std::string format_time_of_day(Seconds local_tod) {
  const long long minutes = local_tod.count() / 60;
  char buf[48];  // room for any long long, so the compiler sees no truncation
  std::snprintf(buf, sizeof buf, "%02lld:%02lld", (minutes / 60) % 24, minutes % 60);
  return buf;
}

}  // namespace p15
