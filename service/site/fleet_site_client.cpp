#include "service/site/fleet_site_client.h"

#include <cpprest/json.h>

namespace p15 {
namespace {

Error failed(const std::string& what, const ClientResponse& r) {
  const bool passes = r.outcome != Outcome::Forbidden && r.outcome != Outcome::Rejected;
  return Error{what + ": " + to_string(r.outcome) + " (HTTP " + std::to_string(r.http_status) +
                   "): " + r.reason,
               passes ? ErrorKind::Unavailable : ErrorKind::Invalid};
}

}  // namespace

FleetSiteClient::FleetSiteClient(FleetClient& client, std::string energy_site_id)
    : client_(client), site_id_(std::move(energy_site_id)) {}

Result<std::string> FleetSiteClient::site_path() {
  if (site_id_.empty()) {
    std::string body;
    const ClientResponse r = client_.get("/api/1/products", TeslaCategory::Data, body);
    if (r.outcome != Outcome::Done) return failed("GET /api/1/products", r);
    web::json::value v;
    try {
      v = web::json::value::parse(body);
    } catch (const std::exception&) {
      return Error{"GET /api/1/products: the answer is not JSON"};
    }
    if (!v.is_object() || !v.has_field("response")) {
      return Error{"GET /api/1/products: no \"response\""};
    }
    auto id = energy_site_from_products(v.at("response").serialize());
    if (!id) return id.error();
    site_id_ = *id;
  }
  return "/api/1/energy_sites/" + site_id_;
}

Result<SiteSettings> FleetSiteClient::read() {
  auto path = site_path();
  if (!path) return path.error();
  std::string body;
  const ClientResponse r = client_.get(*path + "/site_info", TeslaCategory::EnergyData, body);
  if (r.outcome != Outcome::Done) return failed("GET site_info", r);
  return parse_site_settings(body);
}

ClientResponse FleetSiteClient::apply(SiteEndpoint e, const SiteSettings& to) {
  auto path = site_path();
  if (!path) return ClientResponse{Outcome::Unreachable, 0, path.error().message};
  return client_.post(*path + "/" + to_string(e), site_request_body(e, to),
                      TeslaCategory::EnergySettings);
}

Result<SiteSettings> NoSiteClient::read() {
  return Error{"no energy site adapter (powerwall.steer is false)", ErrorKind::Unavailable};
}

ClientResponse NoSiteClient::apply(SiteEndpoint, const SiteSettings&) {
  return ClientResponse{Outcome::Rejected, 0, "no energy site adapter (powerwall.steer is false)"};
}

}  // namespace p15
