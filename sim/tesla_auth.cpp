#include "sim/tesla_auth.h"

#include <cpprest/json.h>

#include <utility>

namespace p15::sim {
namespace {

using web::json::value;

// Fleet's 401 for an expired access token. Seen verbatim through tesla-http-proxy (which passes
// Fleet's status and body on unchanged, pkg/proxy/proxy.go forwardRequest and writeJSONError with
// an inet.HTTPError) in bassmaster187/TeslaLogger issue 1330: {"error":"token expired (401)"}; the
// same string is what Teslemetry/python-tesla-fleet-api (tesla_fleet_api/exceptions.py,
// OAuthExpired) matches in "error", and pypowerwall logs it (jasonacox/Powerwall-Dashboard 779).
constexpr const char* kExpiredBody = "{\"error\":\"token expired (401)\"}";
// A token Fleet does not know (never issued, or revoked by a refresh). Less well attested: the
// body Tesla's API gave for a bad v3 token in marcone/teslausb issue 725; python-tesla-fleet-api
// treats any other 401 "error" as an invalid token, so callers must not depend on the text.
constexpr const char* kUnknownBody = R"({"error":"invalid bearer token"})";

// "a=1&b=x%20y+z" -> {a: "1", b: "x y z"}. Malformed escapes stay as they are (Tesla's answer to
// such a body is unknown; treating them literally makes the grant fail as a wrong value would).
std::map<std::string, std::string> parse_form(const std::string& body) {
  std::map<std::string, std::string> out;
  auto hex = [](char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  auto decode = [&](const std::string& s) {
    std::string r;
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (s[i] == '+') {
        r += ' ';
      } else if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
        r += static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2]));
        i += 2;
      } else {
        r += s[i];
      }
    }
    return r;
  };
  std::size_t start = 0;
  while (start <= body.size()) {
    std::size_t end = body.find('&', start);
    if (end == std::string::npos) end = body.size();
    std::string pair = body.substr(start, end - start);
    std::size_t eq = pair.find('=');
    if (!pair.empty()) {
      std::string key = decode(pair.substr(0, eq));
      out.emplace(key, eq == std::string::npos ? "" : decode(pair.substr(eq + 1)));
    }
    start = end + 1;
  }
  return out;
}

// A JSON body's string fields; anything else (numbers, nesting) is ignored.
std::map<std::string, std::string> parse_json_fields(const std::string& body) {
  std::map<std::string, std::string> out;
  std::error_code ec;
  value v = value::parse(body, ec);
  if (ec || !v.is_object()) return out;
  for (const auto& [k, f] : v.as_object()) {
    if (f.is_string()) out.emplace(k, f.as_string());
  }
  return out;
}

bool starts_with(const std::string& s, const std::string& prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

std::string field(const std::map<std::string, std::string>& f, const std::string& key) {
  auto it = f.find(key);
  return it == f.end() ? std::string() : it->second;
}

TeslaAnswer auth_answer(int status, const value& body) {
  TeslaAnswer a;
  a.status = status;
  a.body = body.serialize();
  // RFC 6749 section 5.1: token answers must not be cached.
  a.headers = {{"Cache-Control", "no-store"}};
  a.category = TeslaCategory::Auth;
  a.fleet_status = status;
  return a;
}

TeslaAnswer auth_error(int status, const std::string& error, const std::string& description,
                       std::pair<std::string, std::string> extra = {}) {
  value v = value::object();
  v["error"] = value::string(error);
  v["error_description"] = value::string(description);
  if (!extra.first.empty()) v[extra.first] = value::string(extra.second);
  return auth_answer(status, v);
}

}  // namespace

TeslaAuth::TeslaAuth(AuthSettings s, std::uint64_t seed) : settings_(std::move(s)), rng_(seed) {}

std::string TeslaAuth::random_hex(int bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < bytes; ++i) {
    auto b = static_cast<unsigned>(rng_() & 0xffu);
    out += kDigits[b >> 4];
    out += kDigits[b & 0xfu];
  }
  return out;
}

TokenPair TeslaAuth::mint(TimePoint now) {
  // Real access tokens are JWTs and refresh tokens are opaque with a region prefix ("EU_...",
  // vehicle-command issue 160); these only need to be unique and unguessable within a run.
  TokenPair p{"sim-at." + random_hex(24), "EU_" + random_hex(32), now + settings_.access_lifetime};
  access_[p.access_token] = Access{p.expires_at, false, p.refresh_token};
  refresh_[p.refresh_token] = Refresh{now, ++serial_};
  latest_access_ = p.access_token;
  return p;
}

TokenPair TeslaAuth::issue(TimePoint now) { return mint(now); }

void TeslaAuth::accept_static(std::string token) {
  access_[std::move(token)] = Access{TimePoint{}, true, {}};
}

TeslaAuth::Bearer TeslaAuth::check(const std::string& authorization_header, TimePoint now) const {
  static const std::string kPrefix = "Bearer ";
  if (!starts_with(authorization_header, kPrefix)) return Bearer::Unknown;
  auto it = access_.find(authorization_header.substr(kPrefix.size()));
  if (it == access_.end()) return Bearer::Unknown;
  if (it->second.never_expires || now < it->second.expires_at) return Bearer::Valid;
  return Bearer::Expired;
}

TeslaAnswer TeslaAuth::unauthorized(Bearer why, TeslaCategory category) const {
  TeslaAnswer a;
  a.status = 401;
  a.body = why == Bearer::Expired ? kExpiredBody : kUnknownBody;
  a.category = category;
  a.fleet_status = 401;
  return a;
}

std::string TeslaAuth::current_refresh_token() const {
  const std::string* best = nullptr;
  std::uint64_t serial = 0;
  for (const auto& [token, r] : refresh_) {
    if (r.serial >= serial) {
      serial = r.serial;
      best = &token;
    }
  }
  return best ? *best : std::string();
}

TeslaAnswer TeslaAuth::token_endpoint(const std::string& content_type, const std::string& body,
                                      TimePoint now) {
  std::map<std::string, std::string> f;
  if (starts_with(content_type, "application/x-www-form-urlencoded")) {
    f = parse_form(body);
  } else if (starts_with(content_type, "application/json")) {
    f = parse_json_fields(body);
  } else {
    // Tesla documents only form and JSON bodies; "invalid_request - The request body is not
    // valid" is its documented error (developer.tesla.com/docs/fleet-api/getting-started/
    // conventions, 400 Bad Request).
    return auth_error(400, "invalid_request", "The request body is not valid");
  }
  const std::string grant = field(f, "grant_type");
  if (grant.empty()) return auth_error(400, "invalid_request", "The request body is not valid");
  if (grant != "refresh_token") {
    // The body Tesla's OAuth server gave for an unsupported grant (timdorr/tesla-api issue 548);
    // "unsupported_grant_type" is in the conventions page's 400 list too.
    return auth_error(400, "unsupported_grant_type",
                      "The authorization grant type is not supported by the authorization server.");
  }
  return refresh(field(f, "client_id"), field(f, "refresh_token"), now);
}

TeslaAnswer TeslaAuth::refresh(const std::string& client_id, const std::string& refresh_token,
                               TimePoint now) {
  if (client_id != settings_.client_id) {
    // A refresh without or with another client_id, as captured in bogosj/tesla issue 82 (the
    // error_uri carries a per-request reference); 400 per the conventions page's list.
    return auth_error(400, "unauthorized_client", "Unauthorized client",
                      {"error_uri", "https://auth.tesla.com/error/reference/" + random_hex(16)});
  }
  if (refresh_token.empty())
    return auth_error(400, "invalid_request", "The request body is not valid");
  auto it = refresh_.find(refresh_token);
  const bool expired =
      it != refresh_.end() && now >= it->second.issued_at + settings_.refresh_lifetime;
  if (fail_refreshes_ || it == refresh_.end() || expired) {
    // What Tesla answers a spent, expired or revoked refresh token: HTTP 401 (GridIO in
    // teslamotors/vehicle-command issue 139: "401 login required") with this body, logged in
    // iainbullock/tesla-http-proxy-docker issue 28 and by evcc as
    // oauth2: "login_required" "Login required" (evcc-io/evcc issue 11987).
    return auth_error(401, "login_required", "Login required", {"referenceID", random_hex(16)});
  }
  const std::string old = refresh_token;
  refresh_.erase(it);
  if (settings_.refresh_revokes_access) {
    std::erase_if(access_, [&](const auto& kv) { return kv.second.refresh == old; });
  }
  TokenPair p = mint(now);
  ++refreshes_;
  // The documented refresh answer (third-party-tokens, "Refresh Token" example): access_token,
  // refresh_token, id_token (openid scope), expires_in and token_type.
  value v = value::object();
  v["access_token"] = value::string(p.access_token);
  v["refresh_token"] = value::string(p.refresh_token);
  v["id_token"] = value::string("sim-id." + random_hex(16));
  v["expires_in"] = value::number(static_cast<int64_t>(settings_.access_lifetime.count()));
  v["token_type"] = value::string("Bearer");
  return auth_answer(200, v);
}

}  // namespace p15::sim
