#pragma once
// Numbers for the simulator's JSON, rounded so rows and reports do not carry float noise.
#include <cpprest/json.h>

#include <cmath>

namespace p15::sim {

inline web::json::value rounded(double v, int decimals) {
  const double f = std::pow(10.0, decimals);
  return web::json::value::number(std::round(v * f) / f);
}

}  // namespace p15::sim
