#pragma once
// How long to wait before the next attempt after consecutive failures: doubling from `initial`,
// never more than `max`. Pure, so the store's reconnect schedule is tested without a database.
#include "service/core/types.h"

namespace p15 {

struct BackoffSettings {
  Seconds initial{1};
  Seconds max{30};
};

// The wait after `failures` consecutive failures (0 = no wait): initial * 2^(failures-1), capped
// at max. A max below initial wins (the setting is a ceiling).
Seconds backoff_delay(int failures, const BackoffSettings& settings);

}  // namespace p15
