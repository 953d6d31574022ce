#include "collector/gateway_client.h"

#include <cpprest/http_client.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <mutex>

#include "service/core/backoff.h"

namespace p15::collector {
namespace {

using web::http::methods;
using web::json::value;

constexpr int kStatusUnauthorized = 401;
constexpr int kStatusForbidden = 403;
// After a refused login: the gateway locks the account out after a few wrong passwords in a row
// (pypowerwall's issues report a 429 lockout), so wrong passwords are not retried every cycle.
const BackoffSettings kLoginBackoff{Seconds{60}, Seconds{1800}};

std::optional<std::string> cookie_value(const std::string& set_cookie, const std::string& name) {
  const auto at = set_cookie.find(name + "=");
  if (at == std::string::npos) return std::nullopt;
  const auto start = at + name.size() + 1;
  const auto end = set_cookie.find_first_of(";,", start);
  return set_cookie.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

Result<double> number_at(const value& v, const char* object, const char* field,
                         const std::string& path) {
  const value* node = &v;
  if (object != nullptr) {
    if (!v.is_object() || !v.has_field(object) || !v.at(object).is_object()) {
      return Error{"gateway " + path + ": no \"" + object + "\" object"};
    }
    node = &v.at(object);
  }
  if (!node->is_object() || !node->has_field(field) || !node->at(field).is_number()) {
    return Error{"gateway " + path + ": no number \"" + std::string(field) + "\""};
  }
  return node->at(field).as_double();
}

}  // namespace

double app_percent_from_gateway(double soe) { return std::clamp((soe - 5.0) / 0.95, 0.0, 100.0); }

struct GatewayClient::Impl {
  GatewayOptions opt;
  std::unique_ptr<web::http::client::http_client> http;
  std::mutex mu;
  std::string cookie;  // "AuthCookie=...; UserRecord=..."
  std::string token;
  int logins = 0;
  int refused_logins = 0;
  TimePoint login_blocked_until{};

  explicit Impl(GatewayOptions o) : opt(std::move(o)) {
    web::http::client::http_client_config cfg;
    cfg.set_timeout(opt.timeout);
    if (opt.ca_file.empty()) {
      // The gateway signs its own certificate for names it picks (powerwall, teslapw, its IP in
      // some firmware): pypowerwall and evcc do not verify it either.
      cfg.set_validate_certificates(false);
    } else {
      cfg.set_ssl_context_callback(
          [file = opt.ca_file](boost::asio::ssl::context& ctx) { ctx.load_verify_file(file); });
    }
    http = std::make_unique<web::http::client::http_client>(opt.url, cfg);
  }

  Status login() {
    const TimePoint now = opt.real_now();
    if (now < login_blocked_until) {
      return Error{
          "gateway login refused earlier (collector.gateway_password or "
          "collector.gateway_email); next try in " +
              std::to_string((login_blocked_until - now).count()) + " s",
          ErrorKind::Unavailable};
    }
    value body;
    body["username"] = value::string("customer");
    body["email"] = value::string(opt.email);
    body["password"] = value::string(opt.password);
    body["force_sm_off"] = value::boolean(false);
    ++logins;
    web::http::http_response resp;
    try {
      resp = http->request(methods::POST, "/api/login/Basic", body).get();
    } catch (const std::exception& e) {
      return Error{std::string("gateway unreachable: ") + e.what(), ErrorKind::Unavailable};
    }
    if (resp.status_code() != 200) {
      ++refused_logins;
      login_blocked_until = now + backoff_delay(refused_logins, kLoginBackoff);
      return Error{"gateway refused the login (HTTP " + std::to_string(resp.status_code()) +
                       "): check collector.gateway_email and collector.gateway_password",
                   ErrorKind::Invalid};
    }
    refused_logins = 0;
    std::string set_cookie;
    for (const auto& [k, v] : resp.headers()) {
      if (k == "Set-Cookie" || k == "set-cookie") set_cookie += v + ";";
    }
    const value answer = resp.extract_json(true).get();
    token = answer.has_field("token") ? answer.at("token").as_string() : "";
    const auto auth = cookie_value(set_cookie, "AuthCookie");
    const auto user = cookie_value(set_cookie, "UserRecord");
    cookie = auth ? "AuthCookie=" + *auth + (user ? "; UserRecord=" + *user : "") : "";
    if (cookie.empty() && token.empty()) return Error{"gateway login gave no session"};
    spdlog::info("gateway: logged in at {}", opt.url);
    return ok_status();
  }

  // One GET with the session; a 401/403 (the session expired) logs in again, once.
  Result<value> get(const std::string& path) {
    std::lock_guard lock(mu);
    for (int attempt = 0; attempt < 2; ++attempt) {
      if (cookie.empty() && token.empty()) {
        if (auto st = login(); !st) return st.error();
      }
      web::http::http_request req(methods::GET);
      req.set_request_uri(path);
      if (!cookie.empty()) req.headers().add("Cookie", cookie);
      if (!token.empty()) req.headers().add("Authorization", "Bearer " + token);
      web::http::http_response resp;
      try {
        resp = http->request(req).get();
      } catch (const std::exception& e) {
        return Error{std::string("gateway unreachable: ") + e.what(), ErrorKind::Unavailable};
      }
      const int status = resp.status_code();
      if (status == kStatusUnauthorized || status == kStatusForbidden) {
        cookie.clear();
        token.clear();
        continue;
      }
      if (status != 200) {
        return Error{"gateway " + path + ": HTTP " + std::to_string(status),
                     ErrorKind::Unavailable};
      }
      try {
        return resp.extract_json(true).get();
      } catch (const std::exception&) {
        return Error{"gateway " + path + ": not JSON"};
      }
    }
    return Error{"gateway " + path + ": the session was refused after a new login",
                 ErrorKind::Unavailable};
  }
};

GatewayClient::GatewayClient(GatewayOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}

GatewayClient::~GatewayClient() = default;

int GatewayClient::logins() const { return impl_->logins; }

Result<PowerwallLive> GatewayClient::live() {
  const std::string meters = "/api/meters/aggregates";
  auto m = impl_->get(meters);
  if (!m) return m.error();
  auto soe = impl_->get("/api/system_status/soe");
  if (!soe) return soe.error();
  PowerwallLive live;
  live.read_at = impl_->opt.real_now();
  double* targets[] = {&live.grid_w, &live.battery_w, &live.load_w, &live.solar_w};
  const char* names[] = {"site", "battery", "load", "solar"};
  for (int i = 0; i < 4; ++i) {
    auto w = number_at(*m, names[i], "instant_power", meters);
    if (!w) return w.error();
    *targets[i] = *w;
  }
  // The gateway reports tiny negative solar at night; Tesla's live_status never does.
  live.solar_w = std::max(0.0, live.solar_w);
  auto pct = number_at(*soe, nullptr, "percentage", "/api/system_status/soe");
  if (!pct) return pct.error();
  live.percentage_charged = app_percent_from_gateway(*pct);
  if (auto grid = impl_->get("/api/system_status/grid_status");
      grid && grid->is_object() && grid->has_field("grid_status")) {
    const bool up = grid->at("grid_status").as_string() == "SystemGridConnected";
    live.grid_status = up ? "Active" : "Inactive";
    live.island_status = up ? "on_grid" : "off_grid";
  }
  return live;
}

Result<SiteInfo> GatewayClient::site() {
  auto op = impl_->get("/api/operation");
  if (!op) return op.error();
  auto reserve = number_at(*op, nullptr, "backup_reserve_percent", "/api/operation");
  if (!reserve) return reserve.error();
  SiteInfo s;
  s.read_at = impl_->opt.real_now();
  s.backup_reserve_percent = app_percent_from_gateway(*reserve);
  if (op->has_field("real_mode") && op->at("real_mode").is_string()) {
    s.default_real_mode = op->at("real_mode").as_string();
  }
  if (auto st = impl_->get("/api/system_status"); st) {
    if (auto wh = number_at(*st, nullptr, "nominal_full_pack_energy", "/api/system_status")) {
      s.nameplate_energy_wh = *wh;
    }
  }
  return s;
}

}  // namespace p15::collector
