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
  // The settings in force, as site_info reports them and the settings POSTs change them.
  SiteSettings settings;
  // Firmware quirks seen in the field. 25.18.4 answers a reserve of 81-99 % with success but
  // keeps the old one (evcc #22743, fixed in evcc by sending 80 instead: PR #22956).
  bool refuse_81_to_99 = false;
  // Recent firmware may not act on a raised reserve (Home Assistant core #149420, pypowerwall
  // #281): site_info shows it, the battery keeps the owner's. The simulation reads this.
  bool ignore_raised_reserve = false;
  double owner_reserve_percent = 20;  // what the battery keeps when ignoring a raised reserve
};

// The reserve, mode, grid charging and export rule the Powerwall actually runs under.
SiteSettings effective_settings(const EnergySite& site);

// A settings POST (backup, operation, grid_import_export) for `path`, applied to `site`; nullopt
// when the path is not an energy settings route. Billed as energy settings.
std::optional<TeslaAnswer> energy_site_post(const std::string& path, const std::string& body,
                                            EnergySite& site);

// The energy-site answer for `path` (GET), or nullopt when the path is not an energy route.
// `vehicle` is the car's entry of /api/1/products.
std::optional<TeslaAnswer> energy_site_answer(const std::string& path, const EnergySite& site,
                                              const std::string& vehicle_json);

}  // namespace p15::sim
