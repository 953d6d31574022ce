#pragma once
// The one interface to whatever carries the energy site's settings (domain.md 6a): the Fleet API
// or nothing. Like the car's (service/vehicle/vehicle_client.h), every request is billed, so the
// client sends exactly one request per call and the steward decides what to repeat.
#include <string>

#include "service/core/result.h"
#include "service/core/site_steward.h"
#include "service/vehicle/vehicle_client.h"

namespace p15 {

class SiteClient {
 public:
  virtual ~SiteClient() = default;
  virtual std::string name() const = 0;  // fleet, none
  // GET site_info: the settings in force. Errors name the request or the field.
  virtual Result<SiteSettings> read() = 0;
  // One POST of endpoint `e` with `to`'s fields for it.
  virtual ClientResponse apply(SiteEndpoint e, const SiteSettings& to) = 0;
};

// site_info's answer ({"response": {...}}) as the settings in force. The export rule and grid
// charging live under "components" (customer_preferred_export_rule,
// disallow_charge_from_grid_with_solar_installed), as Home Assistant's tesla_fleet, Teslemetry
// and Tessie integrations read them; a missing "disallow" means grid charging is allowed, a
// missing export rule (a site with no export choice in the app) reads as pv_only, the safe
// assumption: nothing plans battery export there. The message names the field.
Result<SiteSettings> parse_site_settings(const std::string& body);

// The first energy_site_id in GET /api/1/products' "response" array, as text. NotFound when the
// account has none (the message names collector.energy_site_id, which skips the lookup).
Result<std::string> energy_site_from_products(const std::string& response);

// The JSON body of one settings POST (domain.md 6a).
std::string site_request_body(SiteEndpoint e, const SiteSettings& to);

}  // namespace p15
