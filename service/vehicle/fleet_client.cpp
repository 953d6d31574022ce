#include "service/vehicle/fleet_client.h"

#include <cpprest/http_client.h>
#include <spdlog/spdlog.h>

#include "service/vehicle/http_answer.h"

namespace p15 {
namespace {

using web::http::http_request;
using web::http::method;
using web::http::methods;

std::string command_path(CommandKind kind) {
  switch (kind) {
    case CommandKind::SetChargingAmps:
      return "command/set_charging_amps";
    case CommandKind::ChargeStart:
      return "command/charge_start";
    case CommandKind::ChargeStop:
      return "command/charge_stop";
  }
  return "command/unknown";
}

}  // namespace

struct FleetClient::Impl {
  FleetClientOptions opt;
  std::unique_ptr<web::http::client::http_client> http;
  std::string vehicle_path;  // /api/1/vehicles/{vin}

  explicit Impl(FleetClientOptions o) : opt(std::move(o)) {
    web::http::client::http_client_config cfg;
    cfg.set_timeout(opt.timeout);
    if (!opt.ca_file.empty()) {
      // Verification stays on: trusting the proxy's CA beats turning validation off.
      cfg.set_ssl_context_callback(
          [file = opt.ca_file](boost::asio::ssl::context& ctx) { ctx.load_verify_file(file); });
    }
    http = std::make_unique<web::http::client::http_client>(opt.base_url, cfg);
    vehicle_path = "/api/1/vehicles/" + web::uri::encode_data_string(opt.vin);
  }

  ClientResponse call(const method& m, const std::string& path, const std::string* json_body,
                      AnswerKind kind) {
    http_request req(m);
    req.set_request_uri(path);
    req.headers().add("Authorization", "Bearer " + opt.token);
    req.headers().add("Accept", "application/json");
    if (json_body) req.set_body(*json_body, "application/json");
    try {
      auto resp = http->request(req).get();
      std::string body = resp.extract_utf8string(true).get();
      std::string retry_after;
      auto it = resp.headers().find("Retry-After");
      if (it != resp.headers().end()) retry_after = it->second;
      ClientResponse r = map_http_answer(resp.status_code(), body, retry_after, kind, opt.token);
      spdlog::debug("fleet {} {} -> {} {}", m, path, resp.status_code(), to_string(r.outcome));
      return r;
    } catch (const std::exception& e) {
      ClientResponse r = unreachable(std::string("fleet request failed: ") + e.what(), opt.token);
      spdlog::debug("fleet {} {} -> {}", m, path, r.reason);
      return r;
    }
  }
};

FleetClient::FleetClient(FleetClientOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}

FleetClient::FleetClient(const VehicleConfig& c)
    : FleetClient(FleetClientOptions{c.fleet_base_url, c.vin, c.fleet_token,
                                     std::chrono::seconds(c.request_timeout_s), c.fleet_ca_file}) {}

FleetClient::~FleetClient() = default;

ClientResponse FleetClient::send(const VehicleCommand& command) {
  std::string path = impl_->vehicle_path + "/" + command_path(command.kind);
  std::string body = "{}";
  if (command.kind == CommandKind::SetChargingAmps) {
    body = "{\"charging_amps\":" + std::to_string(command.amps) + "}";
  }
  return impl_->call(methods::POST, path, &body, AnswerKind::Command);
}

ClientResponse FleetClient::wake_up() {
  return impl_->call(methods::POST, impl_->vehicle_path + "/wake_up", nullptr, AnswerKind::State);
}

ClientResponse FleetClient::poll_state() {
  return impl_->call(methods::GET, impl_->vehicle_path, nullptr, AnswerKind::State);
}

}  // namespace p15
