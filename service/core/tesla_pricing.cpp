#include "service/core/tesla_pricing.h"

namespace p15 {

// Tesla's 2025-26 prices (domain.md section 6): commands $1 per 1,000, data $1 per 500, wakes $1
// per 50. Energy-site reads and settings are free "at this time" (Home Assistant's Tesla Fleet
// docs); the OAuth server and a BLE proxy are not billed.
const std::vector<TeslaPrice>& tesla_prices() {
  static const std::vector<TeslaPrice> prices = {
      {TeslaCategory::Command, "command", 1.0 / 1000},
      {TeslaCategory::Data, "data", 1.0 / 500},
      {TeslaCategory::Wake, "wake", 1.0 / 50},
      {TeslaCategory::EnergyData, "energy_data", 0},
      {TeslaCategory::EnergySettings, "energy_settings", 0},
      {TeslaCategory::Auth, "auth", 0},
      {TeslaCategory::Local, "local", 0},
  };
  return prices;
}

std::string to_string(TeslaCategory c) {
  for (const auto& p : tesla_prices()) {
    if (p.category == c) return p.name;
  }
  return "unknown";
}

double dollars_per_request(TeslaCategory c) {
  for (const auto& p : tesla_prices()) {
    if (p.category == c) return p.dollars_per_request;
  }
  return 0;
}

bool is_billed(TeslaCategory c, int fleet_status) {
  if (c == TeslaCategory::Auth || c == TeslaCategory::Local) return false;
  return fleet_status > 0 && fleet_status < 500;
}

int fleet_status_behind_proxy(int proxy_status, const std::string& body) {
  if (proxy_status != 500) return proxy_status;
  if (body.find("vehicle is offline or asleep") != std::string::npos) return 408;
  if (body.find("not been paired") != std::string::npos) return 200;
  return proxy_status;
}

}  // namespace p15
