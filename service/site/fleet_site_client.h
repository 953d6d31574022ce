#pragma once
// The energy site's settings through the Fleet API, on the car's FleetClient (one token, one
// renewal, one billing observer). tesla-http-proxy forwards these unsigned requests to Fleet as
// they are (the collector reads site_info the same way). Requests, all billed:
//   GET  /api/1/products (once, when no site id is configured)   device data
//   GET  /api/1/energy_sites/{id}/site_info                      energy data
//   POST /api/1/energy_sites/{id}/backup | operation | grid_import_export   energy settings
#include <memory>
#include <string>

#include "service/site/site_client.h"
#include "service/vehicle/fleet_client.h"

namespace p15 {

class FleetSiteClient final : public SiteClient {
 public:
  // `energy_site_id` "" = the first site in GET /api/1/products.
  FleetSiteClient(FleetClient& client, std::string energy_site_id);

  std::string name() const override { return "fleet"; }
  Result<SiteSettings> read() override;
  ClientResponse apply(SiteEndpoint e, const SiteSettings& to) override;

 private:
  Result<std::string> site_path();
  FleetClient& client_;
  std::string site_id_;
};

// No energy site to steer (powerwall.steer false): reads fail, nothing is sent.
class NoSiteClient final : public SiteClient {
 public:
  std::string name() const override { return "none"; }
  Result<SiteSettings> read() override;
  ClientResponse apply(SiteEndpoint e, const SiteSettings& to) override;
};

}  // namespace p15
