#pragma once
// One HTTP answer of the Tesla model (Fleet API, tesla-http-proxy, the OAuth server, a BLE proxy):
// what the status, body and headers are, and how Tesla bills it. Pure data; the HTTP server in
// sim/fake_fleet.cpp only writes it out.
#include <string>
#include <utility>
#include <vector>

#include "service/core/tesla_pricing.h"

namespace p15::sim {

using p15::TeslaCategory;

struct TeslaAnswer {
  int status = 200;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  TeslaCategory category = TeslaCategory::Data;
  // Fleet's own status for billing: tesla-http-proxy turns Fleet's billed 408 into a 500, so the
  // two differ there. 0 when the request never reached Fleet (the proxy answered by itself).
  int fleet_status = 0;
};

}  // namespace p15::sim
