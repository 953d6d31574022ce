#pragma once
// Rows the collector would write, and a service wired to a test database and a fake Fleet API.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/fake_fleet.h"
#include "tests/support/http.h"
#include "tests/support/service_process.h"
#include "tests/support/test_db.h"

namespace p15::test {

inline const char* kToken = "e2e-token";
inline const char* kVin = "5YJ3E1EA1KF000001";

struct Flows {
  double solar_w = 0, load_w = 0, grid_w = 0, battery_w = 0;
  double energy_left_wh = 9000, total_wh = 13500, reserve_pct = 20;
};

// Each request the fake received as "METHOD name status", name being the command, wake_up, or
// "vehicle" for the vehicle itself (GET /api/1/vehicles/{vin}).
inline std::vector<std::string> fleet_calls(const std::vector<sim::FleetRequest>& reqs) {
  std::vector<std::string> out;
  for (const auto& r : reqs) {
    std::string name = r.path.substr(r.path.rfind('/') + 1);
    if (name == kVin) name = "vehicle";
    out.push_back(r.method + " " + name + " " + std::to_string(r.status));
  }
  return out;
}

inline std::string powerwall_flat(const Flows& f) {
  std::ostringstream j;
  j << R"({"solar_power":)" << f.solar_w << R"(,"load_power":)" << f.load_w << R"(,"grid_power":)"
    << f.grid_w << R"(,"battery_power":)" << f.battery_w << R"(,"generator_power":0,"energy_left":)"
    << f.energy_left_wh << R"(,"total_pack_energy":)" << f.total_wh << R"(,"percentage_charged":)"
    << 100 * f.energy_left_wh / f.total_wh << R"(,"backup_reserve_percent":)" << f.reserve_pct
    << R"(,"grid_status":"Active","island_status":"on_grid","default_real_mode":"self_consumption","timestamp":"2026-06-01T12:00:00-07:00"})";
  return j.str();
}

inline std::string powerwall_legacy(const Flows& f) {
  std::ostringstream j;
  j << R"({"energy_left":)" << f.energy_left_wh << R"(,"total_pack_energy":)" << f.total_wh
    << R"(,"percentage_charged":50,"battery_power":)" << f.battery_w
    << R"(,"grid_status":"Active","backup":{"backup_reserve_percent":)" << f.reserve_pct
    << R"(},"power_reading":[{"timestamp":"2023-05-01T12:00:00-07:00","load_power":)" << f.load_w
    << R"(,"solar_power":)" << f.solar_w << R"(,"grid_power":)" << f.grid_w
    << R"(,"battery_power":)" << f.battery_w << R"(,"generator_power":0}]})";
  return j.str();
}

struct Car {
  std::string state = "online";
  std::string charging_state = "Stopped";
  int actual_a = 0, request_a = 16, max_a = 32;
  double range_mi = 40;
};

inline std::string vehicle_json(const Car& c) {
  std::ostringstream j;
  j << R"({"state":")" << c.state << R"(","vin":")" << kVin
    << R"(","charge_state":{"charging_state":")" << c.charging_state
    << R"(","charger_actual_current":)" << c.actual_a << R"(,"charge_current_request":)"
    << c.request_a << R"(,"charge_current_request_max":)" << c.max_a
    << R"(,"charger_voltage":240,"charger_phases":1,"charger_power":0,"battery_level":20,"battery_range":)"
    << c.range_mi
    << R"(,"charge_limit_soc":90,"minutes_to_full_charge":0,"charge_energy_added":0,"timestamp":1780000000000}})";
  return j.str();
}

// tesla-http-proxy listens on HTTPS only, with its own CA: so does the model in these tests. One
// CA and certificate per test process, trusted by the service through vehicle.fleet_ca_file.
inline const sim::TlsFiles& proxy_tls() {
  static const sim::TlsFiles files = [] {
    const std::string dir = "/tmp/p15-e2e-tls-" + std::to_string(::getpid());
    if (auto st = sim::ensure_tls_files(dir, {}); !st) {
      throw std::runtime_error("proxy TLS: " + st.error().message);
    }
    return sim::tls_files(dir);
  }();
  return files;
}

inline sim::FakeFleetOptions proxy_options() {
  sim::FakeFleetOptions o;
  o.tls = proxy_tls();
  return o;
}

// The vehicle section for the fake Fleet API at `base_url` (wake budget 2 an hour).
inline std::string fleet_vehicle_yaml(const std::string& base_url) {
  return "vehicle:\n  adapter: fleet\n  vin: \"" + std::string(kVin) + "\"\n  fleet_base_url: \"" +
         base_url + "\"\n  fleet_ca_file: \"" + proxy_tls().ca +
         "\"\n  max_wakes_per_hour: 2\n  wake_timeout_s: 10\n  request_timeout_s: 3\n";
}
inline constexpr int kMaxWakesPerHour = 2;  // as fleet_vehicle_yaml sets it

// A test database, a fake Fleet API and a service using both (started on demand).
class ServiceE2E : public ::testing::Test {
 protected:
  // `env` adds P15_* settings (e.g. P15_SERVICE_API_TOKEN; it may replace the Fleet token).
  void start_service(const std::string& extra_yaml = "", bool fleet = true,
                     const std::map<std::string, std::string>& env = {}) {
    // These cases pin the original's arithmetic (domain.md's worked example) unless a case
    // picks its policy.
    std::string vehicle =
        fleet ? fleet_vehicle_yaml(fleet_.base_url()) : "vehicle:\n  adapter: none\n";
    std::map<std::string, std::string> all{{"P15_VEHICLE_FLEET_TOKEN", kToken}};
    for (const auto& [k, v] : env) all[k] = v;
    if (all["P15_VEHICLE_FLEET_TOKEN"].empty()) all.erase("P15_VEHICLE_FLEET_TOKEN");  // a file
    service_ = std::make_unique<ServiceProcess>(
        config_yaml(db_.config(), 0, vehicle + legacy_unless_set(extra_yaml)), all);
  }
  HttpResult get(const std::string& path) { return http_get(service_->base_url() + path); }
  std::string root() const { return "/project_15th_street"; }
  // Moves Tesla's clock (token lifetimes) on, so a token expires without the test waiting.
  void advance_tesla_clock(Seconds s) { tesla_ahead_s_ += s.count(); }
  TimePoint tesla_now() const {
    return std::chrono::time_point_cast<Seconds>(std::chrono::system_clock::now()) +
           Seconds{tesla_ahead_s_.load()};
  }

  TestDatabase db_;
  std::atomic<long long> tesla_ahead_s_{0};
  sim::FakeFleetServer fleet_{kToken, 0, [this] {
                                auto o = proxy_options();
                                o.clock = [this] { return tesla_now(); };
                                return o;
                              }()};
  std::unique_ptr<ServiceProcess> service_;
};

}  // namespace p15::test
