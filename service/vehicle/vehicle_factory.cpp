#include "service/vehicle/vehicle_factory.h"

#include <cpprest/base_uri.h>

#include <optional>

#include "service/vehicle/companion_client.h"
#include "service/vehicle/fleet_client.h"
#include "service/vehicle/none_client.h"

namespace p15 {
namespace {

// An http(s) URL with a host: http_client would throw on anything else.
std::optional<Error> check_url(const std::string& key, const std::string& url) {
  if (url.empty()) return Error{key + " is empty", ErrorKind::Invalid};
  if (!web::uri::validate(url)) return Error{key + " is not a URL: " + url, ErrorKind::Invalid};
  web::uri u(url);
  if ((u.scheme() != "http" && u.scheme() != "https") || u.host().empty()) {
    return Error{key + " must be an http:// or https:// URL with a host: " + url,
                 ErrorKind::Invalid};
  }
  return std::nullopt;
}

Result<std::unique_ptr<VehicleClient>> make_fleet(const VehicleConfig& c,
                                                  TeslaAnswerObserver observer) {
  if (c.vin.empty()) return Error{"vin is empty (needed by adapter fleet)", ErrorKind::Invalid};
  if (auto e = check_url("fleet_base_url", c.fleet_base_url)) return *e;
  if (c.fleet_token.empty() && c.transport != "ble") {
    return Error{"fleet_token is empty (set P15_VEHICLE_FLEET_TOKEN or fleet_token_file)",
                 ErrorKind::Invalid};
  }
  if (c.request_timeout_s <= 0) return Error{"request_timeout_s must be > 0", ErrorKind::Invalid};
  return std::unique_ptr<VehicleClient>(std::make_unique<FleetClient>(c, std::move(observer)));
}

Result<std::unique_ptr<VehicleClient>> make_companion(const VehicleConfig& c) {
  if (auto e = check_url("companion_base_url", c.companion_base_url)) return *e;
  if (c.request_timeout_s <= 0) return Error{"request_timeout_s must be > 0", ErrorKind::Invalid};
  return std::unique_ptr<VehicleClient>(std::make_unique<CompanionClient>(c));
}

}  // namespace

Result<std::unique_ptr<VehicleClient>> make_vehicle_client(const VehicleConfig& config,
                                                           TeslaAnswerObserver observer) {
  if (config.adapter == "fleet") return make_fleet(config, std::move(observer));
  if (config.adapter == "companion") return make_companion(config);
  if (config.adapter == "none")
    return std::unique_ptr<VehicleClient>(std::make_unique<NoneClient>());
  return Error{"adapter must be fleet, companion or none, not \"" + config.adapter + "\"",
               ErrorKind::Invalid};
}

}  // namespace p15
