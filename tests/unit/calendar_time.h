#pragma once
// Instants and wall-clock times from calendar fields, for the data loaders' tests.
#include <chrono>

#include "service/core/tariff.h"
#include "service/core/types.h"

namespace p15::test {

inline TimePoint utc(int y, unsigned mo, unsigned d, int h, int mi = 0) {
  namespace chr = std::chrono;
  return TimePoint{chr::sys_days{chr::year{y} / mo / d}.time_since_epoch()} + chr::hours{h} +
         chr::minutes{mi};
}

inline LocalSeconds wall(int y, unsigned mo, unsigned d, int h = 0) {
  return LocalSeconds{utc(y, mo, d, h).time_since_epoch()};
}

}  // namespace p15::test
