#pragma once
// Tesla Fleet API through tesla-http-proxy (which signs the commands): one HTTP request per call,
// no retries here (the Commander decides what to repeat, since every request is billed).
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "service/config/config.h"
#include "service/core/tesla_pricing.h"
#include "service/vehicle/fleet_token.h"
#include "service/vehicle/vehicle_client.h"

namespace p15 {

// Every answer the client got (status 0: none), for the request and cost metrics.
using TeslaAnswerObserver =
    std::function<void(TeslaCategory category, int status, const std::string& body)>;

struct FleetClientOptions {
  std::string base_url;  // the proxy, e.g. https://localhost:4443
  std::string vin;
  std::string token;  // bearer token; never logged, never in a reason
  std::chrono::milliseconds timeout{20000};
  // tesla-http-proxy serves TLS with its own (often self-signed) certificate: a PEM file of the
  // CA (or the certificate itself) to trust in addition to the system's. Empty = system CAs.
  std::string ca_file{};
  // fleet: tesla-http-proxy and Tesla's cloud; ble: TeslaBleHttpProxy on the home network
  // (commands with ?wait=true, so the answer says what the car did; never billed).
  std::string transport = "fleet";
  // Where the token comes from and how it is renewed after a 401; null = `token`, never renewed.
  std::shared_ptr<FleetTokens> tokens{};
  TeslaAnswerObserver observer{};
};

// A command's path below /api/1/vehicles/{vin}/ ("command/charge_start") and its JSON body, as
// FleetClient sends them (the simulator's in-process client builds the same requests).
std::string command_path(CommandKind kind);
std::string command_body(const VehicleCommand& command);

class FleetClient final : public VehicleClient {
 public:
  explicit FleetClient(FleetClientOptions options);
  FleetClient(const VehicleConfig& config, TeslaAnswerObserver observer);
  ~FleetClient() override;

  std::string name() const override { return "fleet"; }
  ClientResponse send(const VehicleCommand& command) override;
  ClientResponse wake_up() override;
  // GET /api/1/vehicles/{vin}: the car's state from Tesla's servers, without waking it.
  ClientResponse poll_state() override;
  // One GET of any other read (products, energy sites, vehicle_data) with the same token
  // renewal, billing observer and answer mapping; `path` is below the base URL and may carry a
  // query. The raw body of the last answer goes to `body` (for the caller to parse a 200).
  ClientResponse get(const std::string& path, TeslaCategory category, std::string& body);
  // One POST of a JSON body to any other path (the energy site's settings), the same way.
  ClientResponse post(const std::string& path, const std::string& json_body,
                      TeslaCategory category);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace p15
