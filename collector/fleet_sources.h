#pragma once
// The collector's reads through Tesla's Fleet API, on the same FleetClient the service commands
// the car with (service/vehicle/fleet_client.h: one client, one token renewal, one billing
// observer). tesla-http-proxy forwards these unsigned reads to Fleet as they are.
//   energy: GET /api/1/products (the site id, when collector.energy_site_id is ""),
//           GET /api/1/energy_sites/{id}/live_status and .../site_info (domain.md 6a);
//   car:    GET /api/1/vehicles/{vin} (state, never wakes the car) and
//           GET /api/1/vehicles/{vin}/vehicle_data?endpoints=charge_state (408 while asleep).
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "collector/sources.h"
#include "service/site/site_client.h"
#include "service/vehicle/fleet_client.h"

namespace p15::collector {

// The Fleet side both sources share: the client, the car and the site, and what the last
// failed answer said about waiting (a 429's Retry-After).
class FleetCloud {
 public:
  FleetCloud(std::shared_ptr<FleetClient> client, std::string vin, std::string energy_site_id,
             std::function<TimePoint()> real_now);
  ~FleetCloud();

  // The "response" member of a 200 answer, serialized; an Error (kind Unavailable for what may
  // pass: 429, 5xx, no answer, 401 not renewed) names the path and Tesla's reason.
  Result<std::string> response(const std::string& path, TeslaCategory category);
  // The last answer was 408 (asleep or offline).
  bool last_asleep() const { return last_asleep_; }
  // A 429's wait, from the last failed answer; cleared by a success.
  std::optional<Seconds> retry_after() const { return retry_after_; }
  Result<std::string> site_id();  // found once from /api/1/products when not configured
  const std::string& vin() const { return vin_; }
  TimePoint real_now() const { return real_now_(); }

 private:
  std::shared_ptr<FleetClient> client_;
  std::string vin_;
  std::string site_id_;
  std::function<TimePoint()> real_now_;
  bool last_asleep_ = false;
  std::optional<Seconds> retry_after_;
};

class FleetPowerwall final : public PowerwallSource {
 public:
  explicit FleetPowerwall(FleetCloud& cloud) : cloud_(cloud) {}
  Result<PowerwallLive> live() override;
  Result<SiteInfo> site() override;
  bool billed() const override { return true; }

 private:
  FleetCloud& cloud_;
};

class FleetVehicle final : public VehicleSource {
 public:
  explicit FleetVehicle(FleetCloud& cloud) : cloud_(cloud) {}
  Result<VehicleState> summary() override;
  Result<VehicleDataRead> charge_state() override;

 private:
  FleetCloud& cloud_;
};

// The pure parts, for the tests: Tesla's "response" objects to the readings.
Result<PowerwallLive> parse_live_status(const std::string& response, TimePoint read_at);
Result<SiteInfo> parse_site_info(const std::string& response, TimePoint read_at);
Result<ChargeStateRead> parse_charge_state(const std::string& response, TimePoint read_at);
// The account's energy site id in GET /api/1/products' "response" (service/site/site_client.h).
using p15::energy_site_from_products;

}  // namespace p15::collector
