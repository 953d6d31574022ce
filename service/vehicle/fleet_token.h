#pragma once
// The Fleet API access token the vehicle adapter sends, and its renewal after a 401.
//
// Tesla's access tokens live 8 hours; the refresh_token grant at fleet_auth_url gives a new one
// together with a new refresh token, and the old refresh token is spent at once
// (developer.tesla.com /docs/fleet-api/authentication/third-party-tokens). So the rotated refresh
// token is stored on disk before the new access token is used, and processes sharing one refresh
// token file take a lock around the refresh (two of them racing with one refresh token lose it:
// evcc-io/evcc issue 18815, "You MUST NOT share the token between apps"). evcc does the same with
// golang.org/x/oauth2 and a persistent token source per Tesla account (vehicle/tesla/identity.go).
//
// No token (access or refresh) ever appears in a log line or an error message.
#include <chrono>
#include <memory>
#include <string>

#include "service/config/config.h"
#include "service/core/result.h"

namespace p15 {

struct FleetTokenSettings {
  std::string token;       // the initial access token (vehicle.fleet_token, env or file)
  std::string token_file;  // re-read when it changes, so another program can renew the token
  std::string client_id;   // empty = no refresh: a rejected token needs a new one in token_file
  std::string refresh_token_file;
  std::string auth_url = "https://fleet-auth.prd.vn.cloud.tesla.com/oauth2/v3/token";
  std::string ca_file;  // extra CA (PEM) to trust for auth_url; empty = the system's
  std::chrono::milliseconds timeout{20000};
};

FleetTokenSettings fleet_token_settings(const VehicleConfig& vehicle);

class FleetTokens {
 public:
  explicit FleetTokens(FleetTokenSettings s);
  ~FleetTokens();
  FleetTokens(const FleetTokens&) = delete;
  FleetTokens& operator=(const FleetTokens&) = delete;

  // The token to send now. Re-reads token_file when its inode, size or mtime changed.
  std::string access_token();

  // After Fleet answered 401 to `rejected`: a different token already at hand (another thread
  // renewed it, or token_file now holds another one) is returned without a request. Otherwise,
  // with client_id set, one refresh under an exclusive flock on "<refresh_token_file>.lock": the
  // refresh token is re-read from its file (another process may have rotated it), the grant is
  // posted, and the rotated refresh token is written to refresh_token_file (atomically, 0600)
  // before the new access token is returned. It is also written to token_file when that is set,
  // so that other processes reading it follow. An Error names the setting to fix and how; when
  // only storing the rotated refresh token failed, access_token() still gives the new token.
  Result<std::string> renew(const std::string& rejected);

  int refreshes() const;  // refresh grants that succeeded

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace p15
