#pragma once
// A fake Tesla Fleet API (through tesla-http-proxy) on loopback, behaving as Tesla documents:
// an asleep car answers 408 until woken, 429 carries Retry-After, a wrong token gets 401.
// The tests drive it directly; p15-sim puts its physical car model behind it.
// The server holds no physics: a command changes only the fields it names (charge_start sets
// charging_state, never the current); whoever owns the car model updates the rest via with_car.
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace p15::sim {

// What the fake car exposes through the API; the owner (test or simulator) changes it freely
// through FakeFleetServer::with_car.
struct FakeCar {
  std::string vin = "5YJ3E1EA1KF000001";
  // online, asleep, offline. wake_up brings an asleep car online; an offline car (no
  // connectivity) stays offline until its owner says otherwise.
  std::string state = "online";
  std::string charging_state = "Stopped";
  int charger_actual_current = 0;
  int charge_current_request = 16;
  int charge_current_request_max = 32;
  int charger_voltage = 240;
  int charger_phases = 1;
  double charger_power_kw = 0;
  double battery_level = 50;
  double battery_range_mi = 150;
  double charge_limit_soc = 90;
  double charge_energy_added_kwh = 0;
  int minutes_to_full_charge = 0;
  // A woken car becomes online after this many wall-clock milliseconds (0 = at once, and the
  // wake_up answer then already says "online").
  int wake_delay_ms = 0;
};

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

// Faults to inject; each counts down as it is used.
struct FleetFaults {
  int answer_429 = 0;             // next N requests get 429
  int retry_after_s = 1;          // Retry-After header value for those
  int answer_500 = 0;             // next N requests get a server error (server_error_status)
  int server_error_status = 500;  // 500, 503 or 504 (Tesla's gateway), 540 (the car's own error)
  std::string reject_reason{};    // next command answers result:false with this reason (once)
  int delay_ms = 0;               // every answer is delayed this long (timeouts)
};

// How a command changes a car that is online (no auth, faults or sleep here).
struct FleetCommandResult {
  int status = 200;    // 400 for a malformed body, 404 for an unknown command
  bool result = true;  // Tesla's response.result
  std::string reason;  // Tesla's response.reason when result is false
};

// set_charging_amps {"charging_amps": N}: 0..charge_current_request_max sets
// charge_current_request, else result:false "invalid_charging_amps".
// charge_start: "disconnected", "is_charging" (Charging or Starting), "complete", else Charging.
// charge_stop: "not_charging" unless Charging or Starting, else Stopped.
FleetCommandResult apply_fleet_command(FakeCar& car, const std::string& command,
                                       const std::string& json_body);

// The vehicle_data answer: {"response": {"state", "vin", "charge_state": {...Tesla names...}}}.
std::string fleet_vehicle_data_json(const FakeCar& car);

class FakeFleetServer {
 public:
  // Listens on 127.0.0.1:port (0 = pick a free port). Accepts only `Bearer <token>`.
  FakeFleetServer(std::string token, int port = 0);
  ~FakeFleetServer();
  FakeFleetServer(const FakeFleetServer&) = delete;
  FakeFleetServer& operator=(const FakeFleetServer&) = delete;

  std::string base_url() const;  // http://127.0.0.1:PORT
  int port() const;

  // Stops listening, so connections are refused as when tesla-http-proxy is down, and listens
  // again on the same port; the car, the faults and the request log are kept.
  void stop_listening();
  void listen_again();

  // Changing `state` cancels a pending wake-up (the owner decided).
  void with_car(const std::function<void(FakeCar&)>& fn);
  FakeCar car();
  void set_faults(const FleetFaults& faults);
  std::vector<FleetRequest> requests();
  void clear_requests();
  int wake_ups() const;  // wake_up requests received
  int commands() const;  // command requests received (any answer)

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace p15::sim
