#include "service/vehicle/companion_client.h"

#include <cpprest/http_client.h>
#include <spdlog/spdlog.h>

#include "service/vehicle/http_answer.h"

namespace p15 {
namespace {

constexpr const char* kRoot = "/project_10th_street";

std::string command_path(const VehicleCommand& c) {
  switch (c.kind) {
    case CommandKind::SetChargingAmps:
      return std::string(kRoot) + "/charging-amps?charging_amps=" + std::to_string(c.amps);
    case CommandKind::ChargeStart:
      return std::string(kRoot) + "/start-charge";
    case CommandKind::ChargeStop:
      return std::string(kRoot) + "/stop-charge";
  }
  return std::string(kRoot) + "/unknown";
}

}  // namespace

struct CompanionClient::Impl {
  std::unique_ptr<web::http::client::http_client> http;

  Impl(const std::string& base_url, std::chrono::milliseconds timeout) {
    web::http::client::http_client_config cfg;
    cfg.set_timeout(timeout);
    std::string base = base_url;
    while (!base.empty() && base.back() == '/') base.pop_back();
    http = std::make_unique<web::http::client::http_client>(base, cfg);
  }

  ClientResponse get(const std::string& path) {
    try {
      auto resp = http->request(web::http::methods::GET, path).get();
      std::string body = resp.extract_utf8string(true).get();
      std::string retry_after;
      auto it = resp.headers().find("Retry-After");
      if (it != resp.headers().end()) retry_after = it->second;
      ClientResponse r =
          map_http_answer(resp.status_code(), body, retry_after, AnswerKind::Lenient);
      spdlog::debug("companion GET {} -> {} {}", path, resp.status_code(), to_string(r.outcome));
      return r;
    } catch (const std::exception& e) {
      return unreachable(std::string("companion request failed: ") + e.what());
    }
  }
};

CompanionClient::CompanionClient(std::string base_url, std::chrono::milliseconds timeout)
    : impl_(std::make_unique<Impl>(base_url, timeout)) {}

CompanionClient::CompanionClient(const VehicleConfig& c)
    : CompanionClient(c.companion_base_url, std::chrono::seconds(c.request_timeout_s)) {}

CompanionClient::~CompanionClient() = default;

ClientResponse CompanionClient::send(const VehicleCommand& command) {
  return impl_->get(command_path(command));
}

ClientResponse CompanionClient::wake_up() { return impl_->get(std::string(kRoot) + "/wake-up"); }

ClientResponse CompanionClient::poll_state() {
  ClientResponse r = impl_->get(std::string(kRoot) + "/vehicle");
  if (r.outcome == Outcome::Done && r.vehicle_state == VehicleState::Unknown) {
    r.vehicle_state = VehicleState::Online;
  }
  return r;
}

}  // namespace p15
