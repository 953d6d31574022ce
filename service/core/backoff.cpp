#include "service/core/backoff.h"

#include <algorithm>

namespace p15 {

Seconds backoff_delay(int failures, const BackoffSettings& settings) {
  if (failures <= 0) return Seconds{0};
  Seconds delay = settings.initial;
  // Doubling stops at the cap, so no count of failures can overflow.
  for (int i = 1; i < failures && delay < settings.max; ++i) delay *= 2;
  return std::min(delay, settings.max);
}

}  // namespace p15
