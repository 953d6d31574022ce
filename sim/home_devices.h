#pragma once
// The home's local devices as p15-collector meets them on the home network: the Powerwall 2/+
// gateway's local API and the Tesla Wall Connector Gen 3's vitals. Pure: each request comes in
// with the time and the home's state, the answer goes out; sim/device_server.h carries them over
// HTTP(S). Sources for the behaviour are named at each answer in home_devices.cpp.
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "service/core/types.h"
#include "sim/home_model.h"

namespace p15::sim {

struct DeviceRequest {
  std::string method;
  std::string path;
  std::string body;
  std::string cookie;         // the Cookie header
  std::string authorization;  // the Authorization header
};

struct DeviceAnswer {
  int status = 200;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

// What the devices report, from the simulation's last tick.
struct HomeReadings {
  HomeFlows flows;
  double app_percent = 0;  // the Powerwall's state of charge as the Tesla app shows it
  double reserve_percent = 20;
  double capacity_wh = 13500;
  std::string mode = "self_consumption";
  bool plugged = false;   // a car on the Wall Connector's cable
  bool charging = false;  // current flowing: the contactor is closed
  double car_amps = 0;
  double voltage_v = 240;
  long long session_s = 0;  // since the car was plugged in
  double session_wh = 0;
};

// The gateway scale: soe = app % x 0.95 + 5 (pypowerwall: app % = (soe - 5) / 0.95).
double gateway_soe(double app_percent);

class GatewayFront {
 public:
  GatewayFront(std::string email, std::string password, Seconds session_lifetime);
  DeviceAnswer handle(const DeviceRequest& r, TimePoint now, const HomeReadings& home);

  bool refuse_password = false;  // every login 401: the owner changed the password
  int requests() const { return requests_; }
  int logins() const { return logins_; }

 private:
  DeviceAnswer login(const DeviceRequest& r, TimePoint now);
  bool authorized(const DeviceRequest& r, TimePoint now) const;

  std::string email_, password_;
  Seconds lifetime_;
  std::map<std::string, TimePoint> sessions_;  // token -> expiry
  int failed_in_a_row_ = 0;
  TimePoint locked_until_{};
  int requests_ = 0, logins_ = 0, issued_ = 0;
};

// GET /api/1/vitals of a Wall Connector Gen 3 (no login); 404 for anything else.
DeviceAnswer wall_connector_answer(const DeviceRequest& r, const HomeReadings& home);

}  // namespace p15::sim
