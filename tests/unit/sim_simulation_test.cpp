// The simulation loop against the fake Fleet API (over real HTTP) and an in-memory collector.
#include <cpprest/http_client.h>
#include <gtest/gtest.h>

#include "service/config/time_zones.h"
#include "service/store/powerwall_json.h"
#include "service/store/vehicle_json.h"
#include "sim/simulation.h"

namespace p15::sim {
namespace {

namespace chr = std::chrono;
using web::http::methods;

const char* kToken = "test-token";
const char* kVin = "5YJ3E1EA1KF000001";

LocalSeconds wall(int y, unsigned mo, unsigned d, int h) {
  return LocalSeconds{chr::sys_days{chr::year{y} / mo / d}.time_since_epoch()} + chr::hours{h};
}

// Two days in Pacific time: 4 kW of sun from 10:00 to 16:00, a steady 500 W house.
HouseholdSeries sunny_series() {
  HouseholdSeries s;
  s.name = "test";
  s.zone = us_pacific_zone();
  s.step = chr::hours{1};
  const TimePoint first = to_utc(s.zone, wall(2016, 6, 1, 0)).earlier;
  for (int h = 0; h < 48; ++h) {
    const int hour = h % 24;
    s.samples.push_back(
        {first + chr::hours{h}, hour >= 10 && hour < 16 ? 4000.0 : 0.0, 500, false});
  }
  return s;
}

struct Row {
  std::string table, json;
  TimePoint real;
};

class MemorySink : public CollectorSink {
 public:
  Status write_battery(const std::string& json, TimePoint real) override {
    rows.push_back({"battery_model", json, real});
    return ok_status();
  }
  Status write_vehicle(const std::string& json, TimePoint real) override {
    rows.push_back({"vehicle_model", json, real});
    return ok_status();
  }
  std::vector<Row> rows;
};

const TimePoint kRealNow = TimePoint{Seconds{1'800'000'000}};

SimConfig config_at(int hour, PlugMode plug) {
  SimConfig c;
  c.start = wall(2016, 6, 1, hour);
  c.plug.mode = plug;
  return c;
}

int post(FakeFleetServer& fleet, const std::string& path, const std::string& body = "{}") {
  web::http::client::http_client client(fleet.base_url());
  web::http::http_request req(methods::POST);
  req.set_request_uri("/api/1/vehicles/" + std::string(kVin) + path);
  req.headers().add("Authorization", std::string("Bearer ") + kToken);
  req.set_body(body, "application/json");
  return client.request(req).get().status_code();
}

int get_data(FakeFleetServer& fleet) {
  web::http::client::http_client client(fleet.base_url());
  web::http::http_request req(methods::GET);
  req.set_request_uri("/api/1/vehicles/" + std::string(kVin) + "/vehicle_data");
  req.headers().add("Authorization", std::string("Bearer ") + kToken);
  return client.request(req).get().status_code();
}

TEST(Simulation, AnHourOfSunWithoutACar) {
  MemorySink sink;
  Simulation sim(config_at(12, PlugMode::Always), sunny_series(), flat_tariff(), nullptr, &sink,
                 [] { return kRealNow; });
  for (int i = 0; i < 120; ++i) sim.tick();
  const SimStats s = sim.stats();
  EXPECT_NEAR(s.simulated_h, 1.0, 1e-9);
  EXPECT_NEAR(s.solar_kwh, 4.0, 1e-9);
  EXPECT_NEAR(s.house_kwh, 0.5, 1e-9);
  EXPECT_NEAR(s.grid.export_kwh, 0, 1e-9);  // 3.5 kW surplus all into the Powerwall
  EXPECT_NEAR(s.car_kwh, 0, 1e-12);
  EXPECT_GT(s.powerwall_soc, 50);
  ASSERT_EQ(sink.rows.size(), 240u);
  for (std::size_t i = 0; i < sink.rows.size(); ++i) {
    const Row& r = sink.rows[i];
    EXPECT_EQ(r.real, kRealNow);  // stamped with the real clock, not the simulated one
    const bool ok = r.table == "battery_model" ? parse_powerwall_json(r.json, 1, r.real).ok()
                                               : parse_vehicle_json(r.json, 1, r.real).ok();
    ASSERT_TRUE(ok) << r.json;
  }
  EXPECT_NE(sink.rows.back().json.find("\"state\":\"asleep\""), std::string::npos);
}

TEST(Simulation, CommandsThroughTheFakeDriveTheCar) {
  FakeFleetServer fleet(kToken);
  MemorySink sink;
  SimConfig cfg = config_at(20, PlugMode::Always);
  cfg.powerwall_start_percent = 20;  // at the reserve: the car's draw comes from the grid
  Simulation sim(cfg, sunny_series(), flat_tariff(), &fleet, &sink, [] { return kRealNow; });
  ASSERT_EQ(post(fleet, "/command/set_charging_amps", R"({"charging_amps": 32})"), 200);
  ASSERT_EQ(post(fleet, "/command/charge_start"), 200);
  for (int i = 0; i < 4; ++i) sim.tick();
  SimStats s = sim.stats();
  EXPECT_EQ(s.charging_state, "Charging");
  EXPECT_EQ(s.car_amps, 32);
  EXPECT_EQ(s.commands, 2);
  EXPECT_EQ(s.amps_changes, 1);
  EXPECT_EQ(s.charge_starts, 1);
  EXPECT_NEAR(s.last_flows.grid_w, 500 + 32 * 240, 1e-6);
  EXPECT_EQ(fleet.car().state.charger_actual_current, 32);
  EXPECT_GT(s.car_soc, 50);

  ASSERT_EQ(post(fleet, "/command/charge_stop"), 200);
  for (int i = 0; i < 31; ++i) sim.tick();  // 15.5 min idle: asleep
  s = sim.stats();
  EXPECT_EQ(s.charging_state, "Stopped");
  EXPECT_TRUE(s.car_asleep);
  EXPECT_EQ(s.car_sleeps, 1);
  EXPECT_EQ(get_data(fleet), 408);
  EXPECT_EQ(post(fleet, "/wake_up"), 200);
  sim.tick();
  s = sim.stats();
  EXPECT_FALSE(s.car_asleep);
  EXPECT_EQ(s.wake_ups, 1);
  EXPECT_EQ(get_data(fleet), 200);
  EXPECT_EQ(s.commands_while_disconnected, 0);
  EXPECT_FALSE(s.powerwall_below_reserve);
}

TEST(Simulation, CommandsWhileAwayAreCounted) {
  FakeFleetServer fleet(kToken);
  Simulation sim(config_at(12, PlugMode::Schedule), sunny_series(), flat_tariff(), &fleet, nullptr,
                 [] { return kRealNow; });
  EXPECT_EQ(fleet.car().state.charging_state, ChargingState::Disconnected);
  ASSERT_EQ(post(fleet, "/command/set_charging_amps", R"({"charging_amps": 10})"), 200);
  sim.tick();
  EXPECT_EQ(sim.stats().commands_while_disconnected, 1);
  // Home at 18:00: plugged in, Stopped.
  for (int i = 0; i < 12 * 60 * 2; ++i) sim.tick();
  EXPECT_EQ(sim.stats().charging_state, "Stopped");
}

TEST(Simulation, ScheduledDaysDriveAndReturn) {
  SimConfig cfg = config_at(0, PlugMode::Schedule);
  cfg.car.start_on_plug_in = true;  // charges at 16 A on arrival without a service
  Simulation sim(cfg, sunny_series(), flat_tariff(), nullptr, nullptr, [] { return kRealNow; });
  for (int i = 0; i < 3 * 24 * 120; ++i) sim.tick();  // three days, looping the two-day data
  const SimStats s = sim.stats();
  EXPECT_EQ(s.trips, 3);
  EXPECT_GT(s.car_kwh, 0);
  EXPECT_FALSE(s.powerwall_below_reserve);
  EXPECT_GE(s.min_powerwall_soc, 20 - 1e-9);
  EXPECT_NEAR(s.solar_kwh, 3 * 24.0, 1e-6);
}

}  // namespace
}  // namespace p15::sim
