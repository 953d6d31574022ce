#include "service/core/row_time.h"

#include "service/core/freshness.h"

namespace p15 {

TimePoint row_instant(LocalSeconds wall, const std::optional<LocalZone>& zone, TimePoint now) {
  if (!zone) return TimePoint{wall.time_since_epoch()};
  const LocalToUtc utc = to_utc(*zone, wall);
  if (utc.matches == 2 && utc.later <= now + kMaxFutureSkew) return utc.later;
  return utc.earlier;
}

}  // namespace p15
