#pragma once
// The production topology on a simulated home, as scripts/run.sh starts it: p15-sim plays Tesla's
// cloud (tesla-http-proxy, the OAuth server, the car), the Powerwall gateway and the Wall
// Connector; p15-collector reads them and writes the rows; p15-service decides. What the tests
// that run it share: the ports, the test database and the Tesla side of the programs' config.
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/service_process.h"
#include "tests/support/subprocess.h"
#include "tests/support/test_db.h"

namespace p15::test {

struct SimHome {
  TestDatabase db;
  TempDir dir;
  int fleet_port = free_port(), sim_port = free_port();
  int gateway_port = free_port(), wc_port = free_port();
  std::unique_ptr<BackgroundProcess> sim;
  std::unique_ptr<ServiceProcess> collector, service;

  explicit SimHome(const std::string& prefix) : dir(prefix) {}

  // The vehicle (the simulator's Fleet API, its CA and token files) and the clock (the
  // simulator's) sections.
  std::string tesla_yaml(int wake_timeout_s) const {
    const std::string d = dir.path();
    const std::string fleet = "https://127.0.0.1:" + std::to_string(fleet_port);
    return "vehicle:\n  adapter: fleet\n  vin: \"5YJ3E1EA1KF000001\"\n  fleet_base_url: \"" +
           fleet + "\"\n  fleet_ca_file: \"" + d + "/tls/ca.pem\"\n  fleet_token_file: \"" + d +
           "/access-token\"\n  fleet_client_id: p15-sim\n  fleet_refresh_token_file: \"" + d +
           "/refresh-token\"\n  fleet_auth_url: \"" + fleet +
           "/oauth2/v3/token\"\n  request_timeout_s: 5\n  wake_timeout_s: " +
           std::to_string(wake_timeout_s) +
           "\nclock:\n  source: simulator\n  simulator_url: \"http://127.0.0.1:" +
           std::to_string(sim_port) + "\"\n";
  }

  // The collector's own section: the gateway and the Wall Connector of the simulator, and
  // `extra` keys of that section.
  std::string collector_yaml(const std::string& extra = "") const {
    const std::string d = dir.path();
    return "collector:\n  interval_s: 30\n  gateway_url: \"https://127.0.0.1:" +
           std::to_string(gateway_port) +
           "\"\n  gateway_email: owner@example.com\n  gateway_ca_file: \"" + d +
           "/tls/ca.pem\"\n  wall_connector_url: \"http://127.0.0.1:" + std::to_string(wc_port) +
           "\"\n" + extra;
  }

  // p15-sim with the ports above and `args` (its home, its clock).
  void start_sim(std::vector<std::string> args) {
    const std::string d = dir.path();
    std::vector<std::string> argv = {P15_SIM_BIN,
                                     "--fleet-port",
                                     std::to_string(fleet_port),
                                     "--http-port",
                                     std::to_string(sim_port),
                                     "--tls-dir",
                                     d + "/tls",
                                     "--issue-tokens",
                                     d,
                                     "--gateway-port",
                                     std::to_string(gateway_port),
                                     "--wall-connector-port",
                                     std::to_string(wc_port)};
    argv.insert(argv.end(), args.begin(), args.end());
    sim = std::make_unique<BackgroundProcess>(argv, d + "/sim.log");
    for (int i = 0; i < 100 && !std::filesystem::exists(d + "/refresh-token"); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }

  // p15-collector on the simulator; the sim's gateway password is its default.
  void start_collector(const std::vector<std::string>& args = {}, const std::string& extra = "") {
    collector = std::make_unique<ServiceProcess>(
        P15_COLLECTOR_BIN, config_yaml(db.config(), 0, tesla_yaml(10) + collector_yaml(extra)),
        std::map<std::string, std::string>{
            {"P15_COLLECTOR_GATEWAY_PASSWORD", "sim-gateway-password"}},
        args);
  }
};

}  // namespace p15::test
