#pragma once
// The production topology in one object, for end-to-end tests and the month bench: p15-sim
// playing only what cannot run here (Tesla's cloud behind tesla-http-proxy, the OAuth server, the
// Powerwall gateway, the Wall Connector, the house and the car), p15-collector writing the rows,
// p15-service deciding and commanding, all three wired through one MariaDB as a real home runs
// them. The simulator is stepped (--step-mode external), and the collector and the service act
// once per step (POST /collect, GET /manage-vehicle): a day in seconds, with every request real.
#include <cpprest/json.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "service/config/config.h"
#include "tests/support/service_process.h"
#include "tests/support/subprocess.h"

namespace p15::test {

struct HomeOptions {
  std::string start = "2016-06-15T06:00";  // local wall time of the first tick (Pacific)
  double hours = 24;
  std::string dataset = "opsd";
  std::string plug = "always";
  double car_soc = 40;
  double powerwall_soc = 50;
  bool car_asleep = true;
  bool gateway = true;         // the collector reads the local gateway, else Fleet's live_status
  bool wall_connector = true;  // the collector reads the Wall Connector's vitals
  std::string policy = "smart";
  int token_lifetime_s = 28800;       // the simulator's access tokens (simulated seconds)
  std::vector<std::string> sim_args;  // more p15-sim flags
  std::string collector_yaml;         // more lines under collector:
  std::map<std::string, std::string> collector_env;
};

// What one step did: the simulator's /status after it, and the two processes' HTTP answers.
struct HomeStep {
  web::json::value status;
  int collect_status = 0;
  int manage_status = 0;
  bool done = false;
};

class HomeProcesses {
 public:
  HomeProcesses(const DatabaseConfig& db, HomeOptions options);
  ~HomeProcesses();
  HomeProcesses(const HomeProcesses&) = delete;
  HomeProcesses& operator=(const HomeProcesses&) = delete;

  // Moves simulated time on by `seconds`, then one collection pass and one decision.
  HomeStep step(double seconds);

  std::string sim_url() const { return sim_url_; }
  std::string collector_url() const { return collector_->base_url(); }
  std::string service_url() const { return service_->base_url(); }
  ServiceProcess& collector() { return *collector_; }
  ServiceProcess& service() { return *service_; }
  BackgroundProcess& sim() { return *sim_; }
  const std::string& dir() const { return dir_.path(); }
  int fleet_port() const { return fleet_port_; }
  int gateway_port() const { return gateway_port_; }
  int wall_connector_port() const { return wall_connector_port_; }
  std::string logs() const;  // the three logs, each headed by its name

 private:
  void start_sim(const DatabaseConfig& db);
  std::string vehicle_yaml(bool owns_refresh) const;
  HomeOptions options_;
  TempDir dir_{"p15-home"};
  int fleet_port_ = 0;
  int sim_port_ = 0;
  int gateway_port_ = 0;
  int wall_connector_port_ = 0;
  std::string sim_url_;
  std::unique_ptr<BackgroundProcess> sim_;
  std::unique_ptr<ServiceProcess> collector_;
  std::unique_ptr<ServiceProcess> service_;
};

}  // namespace p15::test
