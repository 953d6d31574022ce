#include "collector/wall_connector_client.h"

#include <cpprest/http_client.h>

namespace p15::collector {
namespace {

using web::json::value;

Result<bool> flag(const value& v, const char* key) {
  if (!v.has_field(key) || !v.at(key).is_boolean()) {
    return Error{std::string("Wall Connector vitals: no boolean \"") + key + "\""};
  }
  return v.at(key).as_bool();
}

Result<double> number(const value& v, const char* key) {
  if (!v.has_field(key) || !v.at(key).is_number()) {
    return Error{std::string("Wall Connector vitals: no number \"") + key + "\""};
  }
  return v.at(key).as_double();
}

}  // namespace

Result<WallConnectorRead> parse_vitals(const std::string& body, TimePoint read_at) {
  value v;
  try {
    v = value::parse(body);
  } catch (const std::exception&) {
    return Error{"Wall Connector vitals: not JSON"};
  }
  if (!v.is_object()) return Error{"Wall Connector vitals: not a JSON object"};
  WallConnectorRead r;
  r.read_at = read_at;
  auto connected = flag(v, "vehicle_connected");
  if (!connected) return connected.error();
  auto contactor = flag(v, "contactor_closed");
  if (!contactor) return contactor.error();
  auto current = number(v, "vehicle_current_a");
  if (!current) return current.error();
  auto grid_v = number(v, "grid_v");
  if (!grid_v) return grid_v.error();
  auto session = number(v, "session_s");
  if (!session) return session.error();
  r.vehicle_connected = *connected;
  r.contactor_closed = *contactor;
  r.vehicle_current_a = *current;
  r.grid_v = *grid_v;
  r.session_s = static_cast<long long>(*session);
  return r;
}

struct WallConnectorClient::Impl {
  std::unique_ptr<web::http::client::http_client> http;
  std::function<TimePoint()> real_now;
};

WallConnectorClient::WallConnectorClient(std::string url, std::chrono::milliseconds timeout,
                                         std::function<TimePoint()> real_now)
    : impl_(std::make_unique<Impl>()) {
  web::http::client::http_client_config cfg;
  cfg.set_timeout(timeout);
  impl_->http = std::make_unique<web::http::client::http_client>(url, cfg);
  impl_->real_now = std::move(real_now);
}

WallConnectorClient::~WallConnectorClient() = default;

Result<WallConnectorRead> WallConnectorClient::vitals() {
  try {
    auto resp = impl_->http->request(web::http::methods::GET, "/api/1/vitals").get();
    if (resp.status_code() != 200) {
      return Error{"Wall Connector vitals: HTTP " + std::to_string(resp.status_code()),
                   ErrorKind::Unavailable};
    }
    return parse_vitals(resp.extract_utf8string(true).get(), impl_->real_now());
  } catch (const std::exception& e) {
    return Error{std::string("Wall Connector unreachable: ") + e.what(), ErrorKind::Unavailable};
  }
}

}  // namespace p15::collector
