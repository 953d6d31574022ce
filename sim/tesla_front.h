#pragma once
// Tesla's front as the service meets it: tesla-http-proxy in front of the Fleet API (or the Fleet
// API directly, or a local BLE proxy), Tesla's OAuth server, and the car behind them. Which answer
// each situation gets (status, body, headers) and what Tesla bills for it; the car's own rules
// are sim/car_model.h. Pure: time comes in with each request; the HTTP server (sim/fake_fleet.h)
// only carries requests in and answers out. The simulator, the backtest and the tests all use it.
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "service/core/types.h"
#include "sim/car_model.h"
#include "sim/energy_site_front.h"
#include "sim/tesla_answer.h"
#include "sim/tesla_auth.h"

namespace p15::sim {

// proxy: tesla-http-proxy signs /command/* and forwards the rest to Fleet; direct: Fleet's own
// REST answers (headers included); ble: a BLE proxy next to the car (TeslaBleHttpProxy), no
// token, nothing billed.
enum class FrontMode { Proxy, Direct, Ble };
std::string to_string(FrontMode m);
std::optional<FrontMode> front_mode_from_string(const std::string& s);

struct TeslaCar {
  std::string vin = "5YJ3E1EA1KF000001";
  CarParams params;
  CarState state;
};

// Faults to inject; each counts down as it is used.
struct FleetFaults {
  int answer_429 = 0;             // next N requests get 429
  int retry_after_s = 1;          // the wait Fleet names (header, or the proxy's body)
  int answer_500 = 0;             // next N requests get a server error (server_error_status)
  int server_error_status = 500;  // 500, 503 or 504 (Tesla's gateway), 540 (the car's own error)
  std::string reject_reason{};    // next command answers result:false with this reason (once)
  int delay_ms = 0;               // every answer is delayed this long (timeouts; the HTTP side)
};

// What the account and the app are allowed; each refusal latches until changed.
struct FrontSettings {
  FrontMode mode = FrontMode::Proxy;
  bool key_paired = true;               // the virtual key is on the car
  bool commands_scope = true;           // vehicle_cmds / vehicle_charging_cmds granted
  bool payment_required = false;        // 402: the account's billing is not set up
  bool registered = true;               // 412: the app was never registered in this region
  std::string client_id = "client-id";  // named in the 412's text
};

// What Tesla would bill, by category and Fleet's own status.
class BillingLedger {
 public:
  void record(TeslaCategory category, int fleet_status);
  long long requests(TeslaCategory category) const;  // all, billed or not
  long long billed(TeslaCategory category) const;
  double dollars() const;
  double dollars(TeslaCategory category) const;
  // category -> fleet status (0 = never reached Fleet) -> requests.
  const std::map<TeslaCategory, std::map<int, long long>>& counts() const { return counts_; }

 private:
  std::map<TeslaCategory, std::map<int, long long>> counts_;
};

struct TeslaRequest {
  std::string method;  // GET, POST
  std::string path;    // decoded, e.g. /api/1/vehicles/VIN/command/set_charging_amps
  std::string query;
  std::string body;
  std::string authorization;  // the Authorization header as received
  std::string content_type;
};

class TeslaFront {
 public:
  TeslaFront(FrontSettings settings, TeslaCar car, TeslaAuth auth);

  // Answers one request as Tesla would at `now`, and bills it.
  TeslaAnswer handle(const TeslaRequest& request, TimePoint now);

  TeslaCar& car() { return car_; }
  EnergySite& energy_site() { return energy_; }
  FrontSettings& settings() { return settings_; }
  FleetFaults& faults() { return faults_; }
  TeslaAuth& auth() { return auth_; }
  const BillingLedger& ledger() const { return ledger_; }
  int wake_ups() const { return wake_ups_; }  // wake_up requests received, whatever the answer
  int commands() const { return commands_; }  // command requests received, whatever the answer

 private:
  TeslaAnswer route(const TeslaRequest& r, TimePoint now);
  std::optional<TeslaAnswer> refusal(const TeslaRequest& r, TeslaCategory category, TimePoint now);
  TeslaAnswer command(const std::string& name, const std::string& body);
  TeslaAnswer ble_command(const std::string& name, const std::string& body);
  TeslaAnswer wake_up();
  TeslaAnswer vehicle_data(TimePoint now);
  TeslaAnswer vehicle_summary() const;
  TeslaAnswer vehicle_list() const;
  std::string vehicle_list_entry() const;

  FrontSettings settings_;
  TeslaCar car_;
  EnergySite energy_;
  TeslaAuth auth_;
  FleetFaults faults_;
  BillingLedger ledger_;
  int wake_ups_ = 0;
  int commands_ = 0;
};

}  // namespace p15::sim
