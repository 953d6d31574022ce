#include "service/vehicle/fleet_client.h"

#include <cpprest/http_client.h>
#include <spdlog/spdlog.h>

#include "service/vehicle/http_answer.h"

namespace p15 {
namespace {

using web::http::http_request;
using web::http::method;
using web::http::methods;

std::string header(const web::http::http_response& r, const char* name) {
  auto it = r.headers().find(name);
  return it == r.headers().end() ? std::string() : it->second;
}

}  // namespace

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

std::string command_body(const VehicleCommand& command) {
  if (command.kind != CommandKind::SetChargingAmps) return "{}";
  return "{\"charging_amps\":" + std::to_string(command.amps) + "}";
}

struct FleetClient::Impl {
  FleetClientOptions opt;
  std::unique_ptr<web::http::client::http_client> http;
  std::string vehicle_path;  // /api/1/vehicles/{vin}
  bool ble = false;

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
    ble = opt.transport == "ble";
    if (!opt.tokens) opt.tokens = std::make_shared<FleetTokens>(FleetTokenSettings{opt.token});
  }

  struct Raw {
    int status = 0;  // 0: no answer
    std::string body;
    RateHeaders rate;
    std::string failure;
  };

  Raw send(const method& m, const std::string& path, const std::string* json_body,
           const std::string& token) {
    http_request req(m);
    req.set_request_uri(path);
    if (!token.empty()) req.headers().add("Authorization", "Bearer " + token);
    req.headers().add("Accept", "application/json");
    if (json_body) req.set_body(*json_body, "application/json");
    Raw raw;
    try {
      auto resp = http->request(req).get();
      raw.status = resp.status_code();
      raw.body = resp.extract_utf8string(true).get();
      raw.rate = RateHeaders{header(resp, "Retry-After"), header(resp, "RateLimit-Reset")};
    } catch (const std::exception& e) {
      raw.failure = e.what();
    }
    return raw;
  }

  void observe(TeslaCategory category, const Raw& raw) {
    if (opt.observer) opt.observer(ble ? TeslaCategory::Local : category, raw.status, raw.body);
  }

  // One request; after a 401 the token is renewed (refresh grant or a re-read token file) and the
  // request sent once more. Only a renewal that fails leaves the 401 standing, with what to do.
  ClientResponse call(const method& m, const std::string& path, const std::string* json_body,
                      AnswerKind kind, TeslaCategory category, std::string* body_out = nullptr) {
    std::string token = opt.tokens->access_token();
    Raw raw = send(m, path, json_body, token);
    observe(category, raw);
    std::string renew_failure;
    bool renew_may_recover = false;
    if (raw.status == 401 && !ble) {
      auto renewed = opt.tokens->renew(token);
      if (renewed.ok()) {
        spdlog::info("vehicle: access token renewed after a 401; sending again");
        token = *renewed;
        raw = send(m, path, json_body, token);
        observe(category, raw);
      } else {
        renew_failure = renewed.error().message;
        renew_may_recover = renewed.error().kind == ErrorKind::Unavailable;
      }
    }
    ClientResponse r = raw.status == 0
                           ? unreachable("fleet request failed: " + raw.failure, token)
                           : map_http_answer(raw.status, raw.body, raw.rate, kind, token);
    if (r.outcome == Outcome::Unauthorized && !renew_failure.empty()) {
      r.reason = "token rejected (401) and not renewed: " + redact(renew_failure, token);
      // Tesla's auth server down is not a bad token: the next 401 tries the refresh again.
      if (renew_may_recover) r.outcome = Outcome::Unreachable;
    }
    spdlog::debug("fleet {} {} -> {} {}", m, path, raw.status, to_string(r.outcome));
    if (body_out != nullptr) *body_out = std::move(raw.body);
    return r;
  }
};

FleetClient::FleetClient(FleetClientOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}

FleetClient::FleetClient(const VehicleConfig& c, TeslaAnswerObserver observer)
    : FleetClient(FleetClientOptions{
          c.fleet_base_url, c.vin, c.fleet_token, std::chrono::seconds(c.request_timeout_s),
          c.fleet_ca_file, c.transport, std::make_shared<FleetTokens>(fleet_token_settings(c)),
          std::move(observer)}) {}

FleetClient::~FleetClient() = default;

ClientResponse FleetClient::send(const VehicleCommand& command) {
  std::string path = impl_->vehicle_path + "/" + command_path(command.kind);
  // TeslaBleHttpProxy answers at once "will be processed shortly" unless asked to wait for the
  // car (its README, `wait=true`).
  if (impl_->ble) path += "?wait=true";
  const std::string body = command_body(command);
  return impl_->call(methods::POST, path, &body, AnswerKind::Command, TeslaCategory::Command);
}

// Tesla documents wake_up with an empty JSON object as its body (domain.md section 6).
ClientResponse FleetClient::wake_up() {
  const std::string body = "{}";
  if (impl_->ble) {
    return impl_->call(methods::POST, impl_->vehicle_path + "/command/wake_up?wait=true", &body,
                       AnswerKind::Lenient, TeslaCategory::Wake);
  }
  return impl_->call(methods::POST, impl_->vehicle_path + "/wake_up", &body, AnswerKind::State,
                     TeslaCategory::Wake);
}

ClientResponse FleetClient::poll_state() {
  return impl_->call(methods::GET, impl_->vehicle_path, nullptr, AnswerKind::State,
                     TeslaCategory::Data);
}

ClientResponse FleetClient::get(const std::string& path, TeslaCategory category,
                                std::string& body) {
  return impl_->call(methods::GET, path, nullptr, AnswerKind::Lenient, category, &body);
}

ClientResponse FleetClient::post(const std::string& path, const std::string& json_body,
                                 TeslaCategory category) {
  return impl_->call(methods::POST, path, &json_body, AnswerKind::Lenient, category);
}

}  // namespace p15
