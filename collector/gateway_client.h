#pragma once
// The Powerwall 2/+ gateway's local API (free, on the home network): HTTPS with the gateway's
// own self-signed certificate, a customer login that gives a session cookie, and the meters and
// state of charge. Sources: pypowerwall (jasonacox/pypowerwall: POST /api/login/Basic with
// username "customer", its cookie AuthCookie/UserRecord, a new login on 401/403, and the soe
// scale) and evcc's powerwall meter, which reads the same /api/meters/aggregates and
// /api/system_status/soe. Powerwall 3 has no such LAN API: use Fleet's live_status there.
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "collector/sources.h"

namespace p15::collector {

// The gateway keeps 5 % of the pack out of the app's scale: app % = (soe - 5) / 0.95
// (pypowerwall's level(scale=True) and get_reserve(scale=True)), clamped to 0..100. The reserve
// in /api/operation is on the gateway's scale too.
double app_percent_from_gateway(double soe);

struct GatewayOptions {
  std::string url;  // https://192.168.1.50
  std::string email;
  std::string password;  // never logged, never in an error
  std::string ca_file;   // "" = the certificate is not verified (see config.yml)
  std::chrono::milliseconds timeout{10000};
  std::function<TimePoint()> real_now;  // stamps each reading
};

class GatewayClient final : public PowerwallSource {
 public:
  explicit GatewayClient(GatewayOptions options);
  ~GatewayClient() override;

  Result<PowerwallLive> live() override;
  // /api/operation (reserve, mode) and /api/system_status (the pack's full energy).
  Result<SiteInfo> site() override;
  bool billed() const override { return false; }

  int logins() const;  // login requests sent (the tests count them)

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace p15::collector
