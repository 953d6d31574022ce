#pragma once
// The Tesla model (sim/tesla_front.h) served over HTTP(S) on loopback, as tesla-http-proxy in
// front of the Fleet API listens: HTTPS with its own certificate when `tls` is set (the service
// trusts it through vehicle.fleet_ca_file). The tests drive it directly; p15-sim puts its home and
// car behind it. The server holds no rules: every answer comes from TeslaFront.
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "sim/tesla_front.h"
#include "sim/tls_cert.h"

namespace p15::sim {

// One request the fake received, in order, for tests to assert the exact traffic.
struct FleetRequest {
  std::string method;  // GET, POST
  std::string path;    // e.g. /api/1/vehicles/VIN/command/set_charging_amps
  std::string body;
  int status = 0;             // what the fake answered
  std::string query;          // e.g. endpoints=charge_state
  std::string authorization;  // the Authorization header as received
  std::string content_type;   // the Content-Type header as received
};

struct FakeFleetOptions {
  FrontSettings front;
  AuthSettings auth;
  TeslaCar car;
  // Tesla's clock: token lifetimes and, when self_paced, the car's wake-up countdown.
  std::function<TimePoint()> clock = [] {
    return std::chrono::time_point_cast<Seconds>(std::chrono::system_clock::now());
  };
  // true: the server runs the car's wake-up on `clock` (tests); false: the owner steps the car
  // (the simulator, through with_car).
  bool self_paced = true;
  std::optional<TlsFiles> tls;  // HTTPS when set
  std::string bind_host = "127.0.0.1";
};

class FakeFleetServer {
 public:
  // Listens on bind_host:port (0 = pick a free port). `token`, when not empty, is accepted for
  // ever (a token the tests or the owner hand out); tokens the OAuth endpoint issues expire.
  FakeFleetServer(std::string token, int port = 0, FakeFleetOptions options = {});
  ~FakeFleetServer();
  FakeFleetServer(const FakeFleetServer&) = delete;
  FakeFleetServer& operator=(const FakeFleetServer&) = delete;

  std::string base_url() const;  // http(s)://127.0.0.1:PORT
  int port() const;

  // Stops listening, so connections are refused as when tesla-http-proxy is down, and listens
  // again on the same port; the car, the faults and the request log are kept.
  void stop_listening();
  void listen_again();

  void with_car(const std::function<void(TeslaCar&)>& fn);
  void with_front(const std::function<void(TeslaFront&)>& fn);
  TeslaCar car();
  void set_faults(const FleetFaults& faults);
  std::vector<FleetRequest> requests();
  void clear_requests();
  int wake_ups() const;  // wake_up requests received
  int commands() const;  // command requests received (any answer)
  BillingLedger ledger() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace p15::sim
