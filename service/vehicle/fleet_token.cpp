#include "service/vehicle/fleet_token.h"

#include <cpprest/http_client.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <mutex>
#include <optional>

#include "service/vehicle/secret_file.h"

namespace p15 {
namespace {

constexpr const char* kRefreshFileKey = "vehicle.fleet_refresh_token_file";

struct Grant {
  std::string access_token;
  std::string refresh_token;  // empty when the answer carried none (then the old one stays)
};

// Replaces every occurrence of the secrets in `text`: messages built from a server's answer or an
// exception text must not carry a token, whatever the server echoed.
std::string redact(std::string text, std::initializer_list<const std::string*> secrets) {
  for (const std::string* s : secrets) {
    if (!s || s->size() < 4) continue;
    for (std::size_t at = text.find(*s); at != std::string::npos; at = text.find(*s, at)) {
      text.replace(at, s->size(), "***");
    }
  }
  return text;
}

// Tesla's short error enum ("login_required"), or "" when the body has none. Only [a-z0-9_ ()]
// survives, so a body echoing anything else cannot smuggle it into a message.
std::string oauth_error(const web::json::value& body) {
  if (!body.is_object() || !body.has_string_field("error")) return "";
  std::string e;
  for (char c : body.at("error").as_string()) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == ' ') e += c;
    if (e.size() >= 40) break;
  }
  return e;
}

// What a refused or failed refresh means for the owner, by Tesla's answer. login_required is what
// Tesla answers a spent or revoked refresh token (401; evcc-io/evcc issue 11987), invalid_grant
// the RFC 6749 name for the same; unauthorized_client a wrong client_id (bogosj/tesla issue 82).
Error refresh_refused(int status, const std::string& error) {
  const std::string what = "(" + std::to_string(status) + (error.empty() ? "" : " " + error) + ")";
  if (error == "login_required" || error == "invalid_grant") {
    return Error{std::string(kRefreshFileKey) + ": refresh refused " + what +
                     ": get a new refresh token (see docs/real-home.md, \"Fleet token renewal\")",
                 ErrorKind::Invalid};
  }
  if (error == "unauthorized_client" || error == "invalid_client_id") {
    return Error{"vehicle.fleet_client_id: refresh refused " + what +
                     ": use the client id of the Tesla application that issued the refresh token",
                 ErrorKind::Invalid};
  }
  if (status >= 400 && status < 500 && status != 429) {
    return Error{"vehicle.fleet_auth_url: refresh refused " + what +
                     ": check that it is Tesla's token endpoint",
                 ErrorKind::Invalid};
  }
  return Error{"vehicle.fleet_auth_url: refresh failed " + what +
                   ": Tesla's auth server did not renew the token; the next 401 tries again",
               ErrorKind::Unavailable};
}

}  // namespace

FleetTokenSettings fleet_token_settings(const VehicleConfig& v) {
  return FleetTokenSettings{v.fleet_token,
                            v.fleet_token_file,
                            v.fleet_client_id,
                            v.fleet_refresh_token_file,
                            v.fleet_auth_url,
                            v.fleet_ca_file,
                            std::chrono::seconds(v.request_timeout_s)};
}

struct FleetTokens::Impl {
  FleetTokenSettings s;
  std::mutex mu;  // guards token and stamp; never held across I/O with the network
  std::string token;
  FileStamp stamp;         // token_file as last read or written
  std::string file_token;  // its content then
  std::mutex renew_mu;     // one renewal at a time in this process
  std::atomic<int> refreshes{0};

  explicit Impl(FleetTokenSettings settings) : s(std::move(settings)), token(s.token) {
    if (s.token_file.empty()) return;
    FileStamp st;
    if (auto t = read_secret_file(s.token_file, &st)) {
      if (token.empty()) token = *t;
      stamp = st;
      file_token = *t;
    }
  }

  // With mu held: takes token_file's content when the file changed since it was last read.
  void reload_if_changed() {
    if (s.token_file.empty()) return;
    FileStamp now = file_stamp(s.token_file);
    if (now == stamp) return;
    FileStamp read_stamp;
    auto t = read_secret_file(s.token_file, &read_stamp);
    if (!t) {
      stamp = now;  // warn once per change, not on every call
      spdlog::warn("vehicle.fleet_token_file: {}; keeping the current token", t.error().message);
      return;
    }
    stamp = read_stamp;
    file_token = *t;
    if (*t != token) {
      token = *t;
      spdlog::info("vehicle.fleet_token_file changed: using the token it now holds");
    }
  }

  // The token in token_file when someone put a new one there, other than `rejected`. Read
  // whatever the stamp says (an in-place rewrite within one mtime tick keeps size and mtime), but
  // content this process already saw there is no news: after a failed write of a refreshed token
  // the file still holds the older, spent one.
  std::optional<std::string> other_token_in_file(const std::string& rejected) {
    if (s.token_file.empty()) return std::nullopt;
    FileStamp st;
    auto t = read_secret_file(s.token_file, &st);
    std::lock_guard lock(mu);
    if (!t || *t == rejected || *t == file_token) return std::nullopt;
    stamp = st;
    file_token = token = *t;
    return token;
  }

  Result<Grant> post_refresh(const std::string& refresh_token);
  Result<std::string> refresh_under_lock(const std::string& rejected);
};

Result<Grant> FleetTokens::Impl::post_refresh(const std::string& refresh_token) {
  using web::uri;
  web::http::client::http_client_config cfg;
  cfg.set_timeout(s.timeout);
  if (!s.ca_file.empty()) {
    cfg.set_ssl_context_callback(
        [file = s.ca_file](boost::asio::ssl::context& ctx) { ctx.load_verify_file(file); });
  }
  // The documented request (third-party-tokens, "Refresh Token"): form-encoded, client_id in the
  // body (evcc's oauth2.AuthStyleInParams in vehicle/tesla/oauth.go), no client secret.
  const std::string form =
      "grant_type=refresh_token&client_id=" + uri::encode_data_string(s.client_id) +
      "&refresh_token=" + uri::encode_data_string(refresh_token);
  int status = 0;
  std::string body;
  try {
    web::http::client::http_client http(s.auth_url, cfg);
    web::http::http_request req(web::http::methods::POST);
    req.headers().add("Accept", "application/json");
    req.set_body(form, "application/x-www-form-urlencoded");
    auto resp = http.request(req).get();
    status = resp.status_code();
    body = resp.extract_utf8string(true).get();
  } catch (const std::exception& e) {
    return Error{redact(std::string("vehicle.fleet_auth_url: refresh request failed: ") + e.what() +
                            "; the next 401 tries again",
                        {&refresh_token}),
                 ErrorKind::Unavailable};
  }
  std::error_code ec;
  auto json = web::json::value::parse(body, ec);
  if (status != 200) return refresh_refused(status, ec ? "" : oauth_error(json));
  if (ec || !json.is_object() || !json.has_string_field("access_token") ||
      json.at("access_token").as_string().empty()) {
    return Error{"vehicle.fleet_auth_url: refresh answered 200 without an access_token",
                 ErrorKind::Unavailable};
  }
  Grant g{json.at("access_token").as_string(), ""};
  if (json.has_string_field("refresh_token")) {
    g.refresh_token = json.at("refresh_token").as_string();
  }
  return g;
}

Result<std::string> FleetTokens::Impl::refresh_under_lock(const std::string& rejected) {
  auto lock =
      FileLock::acquire(s.refresh_token_file + ".lock", s.timeout + std::chrono::seconds(10));
  if (!lock) {
    return Error{std::string(kRefreshFileKey) + ": " + lock.error().message,
                 ErrorKind::Unavailable};
  }
  // Another process sharing these files may have refreshed while this one waited for the lock.
  if (auto t = other_token_in_file(rejected)) return *t;
  auto refresh_token = read_secret_file(s.refresh_token_file);
  if (!refresh_token) {
    return Error{
        std::string(kRefreshFileKey) + ": " + refresh_token.error().message +
            ": put the refresh token there (see docs/real-home.md, \"Fleet token renewal\")",
        ErrorKind::Invalid};
  }
  auto grant = post_refresh(*refresh_token);
  if (!grant) return grant.error();
  refreshes.fetch_add(1);
  {
    // The new access token works for 8 hours even if storing the refresh token fails below.
    std::lock_guard l(mu);
    token = grant->access_token;
  }
  if (!grant->refresh_token.empty()) {
    if (auto st = write_secret_file(s.refresh_token_file, grant->refresh_token); !st) {
      return Error{std::string(kRefreshFileKey) +
                       ": the rotated refresh token could not be stored (" + st.error().message +
                       "); the old one is spent: the service works until this access token "
                       "expires, then needs a new refresh token (see docs/real-home.md)",
                   ErrorKind::Invalid};
    }
  }
  if (!s.token_file.empty()) {
    if (auto st = write_secret_file(s.token_file, grant->access_token); !st) {
      spdlog::warn("vehicle.fleet_token_file: {}; other processes keep the old token",
                   st.error().message);
    } else {
      std::lock_guard l(mu);
      stamp = file_stamp(s.token_file);
      file_token = grant->access_token;
    }
  }
  spdlog::info("vehicle: Fleet access token renewed (refresh {} of this run)", refreshes.load());
  return grant->access_token;
}

FleetTokens::FleetTokens(FleetTokenSettings s) : impl_(std::make_unique<Impl>(std::move(s))) {}

FleetTokens::~FleetTokens() = default;

std::string FleetTokens::access_token() {
  std::lock_guard lock(impl_->mu);
  impl_->reload_if_changed();
  return impl_->token;
}

Result<std::string> FleetTokens::renew(const std::string& rejected) {
  Impl& m = *impl_;
  std::lock_guard renewing(m.renew_mu);
  if (auto t = m.other_token_in_file(rejected)) return *t;
  {
    // A renewal that finished while this call waited for renew_mu already replaced the token.
    std::lock_guard lock(m.mu);
    if (!m.token.empty() && m.token != rejected) return m.token;
  }
  if (m.s.client_id.empty()) {
    return Error{
        "vehicle.fleet_token: rejected by Tesla (401) and no renewal is configured: put a "
        "new token in vehicle.fleet_token_file, or set vehicle.fleet_client_id and " +
            std::string(kRefreshFileKey) + " (see docs/real-home.md, \"Fleet token renewal\")",
        ErrorKind::Invalid};
  }
  if (m.s.refresh_token_file.empty()) {
    return Error{std::string(kRefreshFileKey) + ": not set, so the token cannot be refreshed",
                 ErrorKind::Invalid};
  }
  auto r = m.refresh_under_lock(rejected);
  if (!r) spdlog::warn("vehicle: token renewal failed: {}", r.error().message);
  return r;
}

int FleetTokens::refreshes() const { return impl_->refreshes.load(); }

}  // namespace p15
