#pragma once
// Tesla's energy-site endpoints as the Fleet API answers them (domain.md 6a), from the
// simulated Powerwall: GET /api/1/products, /api/1/energy_sites/{id}/live_status and
// .../site_info. Pure; TeslaFront routes to it after its token and fault checks, and bills the
// reads as energy data (free at this time, tesla_pricing.cpp).
#include <optional>
#include <string>

#include "sim/home_devices.h"
#include "sim/tesla_answer.h"

namespace p15::sim {

struct EnergySite {
  long long id = 1689463532;
  std::string site_name = "Sim Home";
  HomeReadings home;      // the last tick's flows and state of charge
  std::string timestamp;  // live_status's local ISO-8601 time
  double off_grid_reserve_percent = 20;
};

// The energy-site answer for `path` (GET), or nullopt when the path is not an energy route.
// `vehicle` is the car's entry of /api/1/products.
std::optional<TeslaAnswer> energy_site_answer(const std::string& path, const EnergySite& site,
                                              const std::string& vehicle_json);

}  // namespace p15::sim
