#include "tests/support/home_processes.h"

#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <thread>

#include "tests/support/http.h"

#ifndef P15_SIM_BIN
#error "P15_SIM_BIN must name the p15-sim binary"
#endif

namespace p15::test {
namespace {

constexpr const char* kHomeVin = "5YJ3E1EA1KF000001";
constexpr const char* kGatewayEmail = "owner@example.com";
constexpr const char* kGatewayPassword = "sim-gateway-password";

bool wait_for_file(const std::string& path) {
  for (int i = 0; i < 100; ++i) {
    std::error_code ec;
    if (std::filesystem::file_size(path, ec) > 0 && !ec) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

// POST or GET `url` until something answers (the simulator may still be starting).
HttpResult answer_of(const std::string& method, const std::string& url) {
  std::string last = "no answer";
  for (int attempt = 0; attempt < 100; ++attempt) {
    try {
      return http_request(method, url, "", "", 60);
    } catch (const std::exception& e) {
      last = e.what();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  throw std::runtime_error(method + " " + url + ": " + last);
}

}  // namespace

HomeProcesses::HomeProcesses(const DatabaseConfig& db, HomeOptions options)
    : options_(std::move(options)),
      fleet_port_(free_port()),
      sim_port_(free_port()),
      gateway_port_(free_port()),
      wall_connector_port_(free_port()),
      sim_url_("http://127.0.0.1:" + std::to_string(sim_port_)) {
  start_sim(db);
  std::string collector = vehicle_yaml(true) + "collector:\n  autostart: false\n";
  if (options_.gateway) {
    collector += "  gateway_url: \"https://127.0.0.1:" + std::to_string(gateway_port_) +
                 "\"\n  gateway_email: \"" + kGatewayEmail + "\"\n";
  }
  if (options_.wall_connector) {
    collector +=
        "  wall_connector_url: \"http://127.0.0.1:" + std::to_string(wall_connector_port_) + "\"\n";
  }
  collector += options_.collector_yaml;
  collector += "clock:\n  source: simulator\n  simulator_url: \"" + sim_url_ + "\"\n";
  std::map<std::string, std::string> env = options_.collector_env;
  if (options_.gateway) env.emplace("P15_COLLECTOR_GATEWAY_PASSWORD", kGatewayPassword);
  collector_ =
      std::make_unique<ServiceProcess>(config_yaml(db, 0, collector), env, Program::Collector);
  // The service follows the token file the collector renews (it holds no refresh token), asks
  // the collector for a fresh read after each command, and decides on the simulator's clock.
  const std::string service =
      vehicle_yaml(false) + "poll:\n  interval_s: 1\n" +
      "  stale_after_s: 60\n  autostart: false\npolicy:\n  name: " + options_.policy +
      "\ncollector:\n  url: \"" + collector_->base_url() + "\"\nclock:\n  source: simulator\n" +
      "  simulator_url: \"" + sim_url_ + "\"\n";
  service_ = std::make_unique<ServiceProcess>(config_yaml(db, 0, service));
}

HomeProcesses::~HomeProcesses() {
  service_.reset();
  collector_.reset();
  sim_.reset();
}

void HomeProcesses::start_sim(const DatabaseConfig& db) {
  (void)db;  // the simulator writes no rows: the collector does
  std::vector<std::string> args{
      P15_SIM_BIN, "--fleet-port", std::to_string(fleet_port_), "--http-port",
      std::to_string(sim_port_), "--tls-dir", dir() + "/tls", "--issue-tokens", dir(),
      "--token-lifetime-s", std::to_string(options_.token_lifetime_s), "--step-mode", "external",
      "--tick-s", "30", "--dataset", options_.dataset, "--start", options_.start, "--plug",
      options_.plug, "--car-soc", std::to_string(options_.car_soc), "--powerwall-soc",
      std::to_string(options_.powerwall_soc), "--duration-h", std::to_string(options_.hours),
      "--seed", "7",
      // Simulated time stands still while the service waits for a woken car (on real time).
      "--wake-delay-s", "0", "--gateway-port", std::to_string(gateway_port_), "--gateway-email",
      kGatewayEmail, "--wall-connector-port", std::to_string(wall_connector_port_)};
  if (options_.car_asleep) args.push_back("--car-asleep");
  args.insert(args.end(), options_.sim_args.begin(), options_.sim_args.end());
  sim_ = std::make_unique<BackgroundProcess>(
      args, dir() + "/sim.log",
      std::map<std::string, std::string>{{"P15_SIM_GATEWAY_PASSWORD", kGatewayPassword}});
  if (!wait_for_file(dir() + "/refresh-token") || !wait_for_file(dir() + "/tls/ca.pem")) {
    throw std::runtime_error("p15-sim issued no tokens or certificate:\n" + sim_->log());
  }
  answer_of("GET", sim_url_ + "/status");
}

std::string HomeProcesses::vehicle_yaml(bool owns_refresh) const {
  const std::string fleet = "https://127.0.0.1:" + std::to_string(fleet_port_);
  std::string y = "vehicle:\n  adapter: fleet\n  vin: \"" + std::string(kHomeVin) +
                  "\"\n  fleet_base_url: \"" + fleet + "\"\n  fleet_ca_file: \"" + dir() +
                  "/tls/ca.pem\"\n  fleet_token_file: \"" + dir() + "/access-token\"\n" +
                  "  request_timeout_s: 3\n  wake_timeout_s: 10\n  max_wakes_per_hour: 3\n";
  if (owns_refresh) {
    y += "  fleet_client_id: \"p15-sim\"\n  fleet_refresh_token_file: \"" + dir() +
         "/refresh-token\"\n  fleet_auth_url: \"" + fleet + "/oauth2/v3/token\"\n";
  }
  return y;
}

HomeStep HomeProcesses::step(double seconds) {
  HomeStep s;
  HttpResult advanced = answer_of("POST", sim_url_ + "/advance?s=" + std::to_string(seconds));
  if (advanced.status != 200) {
    throw std::runtime_error("POST /advance: " + std::to_string(advanced.status) + " " +
                             advanced.body + "\n" + logs());
  }
  s.status = advanced.json();
  s.done = s.status.has_field("done") && s.status.at("done").as_bool();
  s.collect_status = http_request("POST", collector_->base_url() + "/collect", "", "", 60).status;
  s.manage_status =
      http_get(service_->base_url() + "/project_15th_street/manage-vehicle", 60).status;
  return s;
}

std::string HomeProcesses::logs() const {
  return "--- p15-sim\n" + sim_->log() + "\n--- p15-collector\n" +
         (collector_ ? collector_->log() : "") + "\n--- p15-service\n" +
         (service_ ? service_->log() : "");
}

}  // namespace p15::test
