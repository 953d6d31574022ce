#pragma once
// The model of Tesla's OAuth server for the Fleet API (fleet-auth.prd.vn.cloud.tesla.com): which
// access tokens Fleet accepts and what the token endpoint answers to a refresh_token grant.
// Pure: no I/O and no clock (the caller passes the time), so tests and the simulator replay it.
//
// What it models, and from where (see tesla_auth.cpp for the answer bodies):
// - access tokens live 8 hours: "expires_in": 28800 (developer.tesla.com/docs/fleet-api/
//   authentication/third-party-tokens; the same in bogosj/tesla issue 82's captured answer);
// - refresh tokens are single use: each refresh answers a new one and the old is refused at once,
//   and they expire after 3 months unused (developer.tesla.com/docs/fleet-api/support/faq "Why
//   are my refresh tokens suddenly invalid?");
// - a refresh also invalidates the access tokens issued with the old refresh token (Fleet API
//   changelog as quoted in teslamotors/vehicle-command issue 187, and observed in issue 160);
// - the token endpoint is not billed ("Authentication endpoints are not billed",
// third-party-tokens).
#include <cstdint>
#include <map>
#include <random>
#include <string>

#include "service/core/types.h"
#include "sim/tesla_answer.h"

namespace p15::sim {

struct AuthSettings {
  Seconds access_lifetime{8 * 3600};
  Seconds refresh_lifetime{90 * 24 * 3600};  // "valid for 3 months" (FAQ above)
  std::string client_id = "p15-sim";
  // Off = old access tokens stay valid until they expire, for callers that want the laxer server.
  bool refresh_revokes_access = true;
};

struct TokenPair {
  std::string access_token;
  std::string refresh_token;
  TimePoint expires_at{};
};

class TeslaAuth {
 public:
  explicit TeslaAuth(AuthSettings s = {}, std::uint64_t seed = 1);

  // The owner's first pair, as the authorization-code flow would give it.
  TokenPair issue(TimePoint now);
  // A fixed token that never expires (tests, the simulator's --fleet-token mode).
  void accept_static(std::string token);

  enum class Bearer { Valid, Expired, Unknown };
  // `authorization_header` as received ("Bearer X"); no header or another scheme is Unknown.
  Bearer check(const std::string& authorization_header, TimePoint now) const;
  // Fleet's 401 for a bearer that is not Valid; `category` is the endpoint's, for billing.
  TeslaAnswer unauthorized(Bearer why, TeslaCategory category = TeslaCategory::Data) const;

  // POST /oauth2/v3/token with grant_type=refresh_token, client_id and refresh_token, form-encoded
  // (or JSON, which auth.tesla.com accepts too: timdorr/tesla-api issue 602). Rotates on success.
  TeslaAnswer token_endpoint(const std::string& content_type, const std::string& body,
                             TimePoint now);

  // Fault: every refresh is refused as a revoked refresh token is (the token is not spent).
  void fail_refreshes(bool on) { fail_refreshes_ = on; }
  int refreshes() const { return refreshes_; }  // successful refreshes
  std::string current_refresh_token() const;    // the newest unspent one; "" when none
  std::string latest_access_token() const { return latest_access_; }

 private:
  struct Access {
    TimePoint expires_at{};
    bool never_expires = false;
    std::string refresh;  // the refresh token it was issued with (rotation revokes it)
  };
  struct Refresh {
    TimePoint issued_at{};
    std::uint64_t serial = 0;  // issue order, for current_refresh_token()
  };

  std::string random_hex(int bytes);
  TokenPair mint(TimePoint now);
  TeslaAnswer refresh(const std::string& client_id, const std::string& refresh_token,
                      TimePoint now);

  AuthSettings settings_;
  std::mt19937_64 rng_;
  std::map<std::string, Access> access_;
  std::map<std::string, Refresh> refresh_;
  std::uint64_t serial_ = 0;
  std::string latest_access_;
  bool fail_refreshes_ = false;
  int refreshes_ = 0;
};

}  // namespace p15::sim
