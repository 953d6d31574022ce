#pragma once
// What Tesla bills for a request, written once for the simulator's billing ledger and the
// service's cost metric. The prices are data (kTeslaPrices in tesla_pricing.cpp) from Tesla's
// Fleet API billing page as domain.md section 6 quotes it.
#include <string>
#include <vector>

namespace p15 {

// Tesla's pricing categories (developer.tesla.com/docs/fleet-api/billing-and-limits), plus the
// requests Tesla does not bill: the OAuth server, and a local BLE proxy.
enum class TeslaCategory { Command, Data, Wake, EnergyData, EnergySettings, Auth, Local };

struct TeslaPrice {
  TeslaCategory category;
  const char* name;  // the metric label
  double dollars_per_request;
};

const std::vector<TeslaPrice>& tesla_prices();
std::string to_string(TeslaCategory c);
double dollars_per_request(TeslaCategory c);

// Billed when Fleet itself answered below 500, errors included (a 408, 429 or 403 costs like a
// success); 0 = Fleet never answered (connection refused, the proxy answered by itself).
bool is_billed(TeslaCategory c, int fleet_status);

// Fleet's own status behind tesla-http-proxy, from the proxy's answer: the proxy turns Fleet's
// 408 (asleep or offline) into a 500 with the body "vehicle unavailable: ..." (vehicle-command,
// pkg/connector/inet/inet.go ErrVehicleNotAwake, written out by pkg/proxy/proxy.go
// writeJSONError), and the car's refusal of an unpaired key came through Fleet (200). Other
// statuses are Fleet's (the proxy passes a Fleet HTTPError's code through).
int fleet_status_behind_proxy(int proxy_status, const std::string& body);

}  // namespace p15
