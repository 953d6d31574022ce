// The collector's rows of the fault matrix, over real HTTP(S) on loopback: the simulator's
// gateway and Fleet API in-process (their answers are sim/home_devices.cpp's and
// sim/tesla_front.cpp's, sourced there), the collector's own clients, and a real MariaDB. Each
// case says what the collector did and what it wrote: the service refuses by age what is old,
// and nothing is lost.
#include <gtest/gtest.h>

#include <filesystem>
#include <mutex>

#include "collector/collector.h"
#include "collector/fleet_sources.h"
#include "collector/gateway_client.h"
#include "collector/wall_connector_client.h"
#include "service/clock/manual_clock.h"
#include "service/store/mariadb_connection.h"
#include "sim/device_server.h"
#include "sim/fake_fleet.h"
#include "tests/support/subprocess.h"
#include "tests/support/test_db.h"

namespace p15::test {
namespace {

using namespace p15::collector;
namespace chr = std::chrono;

TimePoint wall_now() { return chr::time_point_cast<Seconds>(chr::system_clock::now()); }

struct Rig {
  TestDatabase db;
  TempDir dir{"p15-colfault"};
  sim::TlsFiles tls;
  std::mutex mu;
  sim::GatewayFront gateway{"owner@example.com", "right", Seconds{3600}};
  sim::HomeReadings home;
  std::unique_ptr<sim::DeviceServer> gateway_server;
  sim::FakeFleetServer fleet{"tok"};
  ManualClock clock{wall_now()};
  MariaDbConnection connection{db.config(), clock, [](const ConnectAttempt&) {}};
  MariaDbRowWriter writer{connection};
  CollectorMetrics metrics;
  std::shared_ptr<FleetClient> client;
  std::unique_ptr<FleetCloud> cloud;
  std::unique_ptr<FleetVehicle> vehicle;

  explicit Rig(const std::string& password = "right") {
    EXPECT_TRUE(sim::ensure_tls_files(dir.path() + "/tls", {}).ok());
    tls = sim::tls_files(dir.path() + "/tls");
    home.flows = sim::HomeFlows{4000, 1500, 0, -2500, 0};
    home.app_percent = 80;
    gateway_server = std::make_unique<sim::DeviceServer>(0, tls, [this](const sim::DeviceRequest& r) {
      std::lock_guard lock(mu);
      return gateway.handle(r, wall_now(), home);
    });
    gateway_password = password;
    FleetClientOptions o;
    o.base_url = fleet.base_url();
    o.vin = "5YJ3E1EA1KF000001";
    o.token = "tok";
    o.timeout = chr::seconds(3);
    client = std::make_shared<FleetClient>(o);
    cloud = std::make_unique<FleetCloud>(client, o.vin, "", wall_now);
    vehicle = std::make_unique<FleetVehicle>(*cloud);
  }
  std::string gateway_password;

  GatewayClient gateway_client() {
    return GatewayClient(GatewayOptions{gateway_server->base_url(), "owner@example.com",
                                        gateway_password, tls.ca, chr::seconds(3), wall_now});
  }
  CollectorSettings settings() {
    CollectorSettings s;
    s.schedule.has_gateway = true;
    s.schedule.budget.summary_interval = Seconds{600};
    s.vin = "5YJ3E1EA1KF000001";
    return s;
  }
};

TEST(CollectorFaults, TheGatewayRefusingThePasswordIsSaidOnceAndNotRetriedEveryRound) {
  Rig rig("wrong");
  GatewayClient gw = rig.gateway_client();
  Collector c(rig.settings(), gw, nullptr, nullptr, nullptr, rig.writer, rig.metrics);
  RoundReport r;
  for (int i = 0; i < 6; ++i) r = c.collect(wall_now() + Seconds{10 * i}, wall_now());
  EXPECT_NE(r.results["gateway"].find("collector.gateway_password"), std::string::npos)
      << r.results["gateway"];
  EXPECT_EQ(gw.logins(), 1) << "a refused login waits a minute before the next (lockout)";
  // No reading, no battery row: the service says the table is empty, and commands nothing.
  EXPECT_EQ(rig.db.scalar("SELECT COUNT(*) FROM battery_model"), "0");
}

TEST(CollectorFaults, AnExpiredGatewaySessionLogsInAgainWithoutLosingARound) {
  Rig rig;
  GatewayClient gw = rig.gateway_client();
  ASSERT_TRUE(gw.live());
  {
    std::lock_guard lock(rig.mu);
    rig.gateway = sim::GatewayFront("owner@example.com", "right", Seconds{3600});  // sessions gone
  }
  auto live = gw.live();
  ASSERT_TRUE(live) << live.error().message;
  EXPECT_EQ(gw.logins(), 2);
  EXPECT_NEAR(live->percentage_charged, 80, 1e-9) << "the gateway's soe scale undone";
}

TEST(CollectorFaults, AnUnreachableWallConnectorKeepsItsLastVitalsWithTheirAge) {
  Rig rig;
  GatewayClient gw = rig.gateway_client();
  WallConnectorClient wc("http://127.0.0.1:9", chr::seconds(1), wall_now);  // nothing listens
  CollectorSettings s = rig.settings();
  s.schedule.has_wall_connector = true;
  Collector c(s, gw, rig.vehicle.get(), &wc, rig.cloud.get(), rig.writer, rig.metrics);
  RoundReport r = c.collect(wall_now(), wall_now());
  EXPECT_NE(r.results["wall_connector"].find("unreachable"), std::string::npos);
  EXPECT_EQ(r.results["gateway"], "ok");
  EXPECT_TRUE(r.battery_row) << "the Powerwall's rows go on";
}

TEST(CollectorFaults, TeslaDownBacksOffAndRecoversByItself) {
  Rig rig;
  GatewayClient gw = rig.gateway_client();
  Collector c(rig.settings(), gw, rig.vehicle.get(), nullptr, rig.cloud.get(), rig.writer,
              rig.metrics);
  sim::FleetFaults down;
  down.answer_500 = 1000;
  down.server_error_status = 503;
  rig.fleet.set_faults(down);
  const TimePoint t = wall_now();
  RoundReport r = c.collect(t, t);
  EXPECT_NE(r.results["summary"].find("503"), std::string::npos) << r.results["summary"];
  const auto before = rig.fleet.requests().size();
  for (int s = 10; s < 30; s += 10) {
    EXPECT_TRUE(c.collect(t + Seconds{s}, t + Seconds{s}).battery_row) << "the gateway goes on";
  }
  EXPECT_EQ(rig.fleet.requests().size(), before) << "no cloud request inside the 30 s backoff";
  rig.fleet.set_faults(sim::FleetFaults{});
  r = c.collect(t + Seconds{40}, t + Seconds{40});
  EXPECT_EQ(r.results["summary"], "ok") << "recovered by itself";
  EXPECT_EQ(r.car, VehicleState::Online);
}

TEST(CollectorFaults, A429WaitsAsLongAsTeslaSays) {
  Rig rig;
  GatewayClient gw = rig.gateway_client();
  Collector c(rig.settings(), gw, rig.vehicle.get(), nullptr, rig.cloud.get(), rig.writer,
              rig.metrics);
  sim::FleetFaults limited;
  limited.answer_429 = 1;
  limited.retry_after_s = 600;
  rig.fleet.set_faults(limited);
  const TimePoint t = wall_now();
  RoundReport r = c.collect(t, t);
  EXPECT_NE(r.results["summary"].find("rate limited"), std::string::npos) << r.results["summary"];
  const auto before = rig.fleet.requests().size();
  c.request_refresh();
  c.collect(t + Seconds{590}, t + Seconds{590});
  EXPECT_EQ(rig.fleet.requests().size(), before) << "not before Tesla's Retry-After";
  r = c.collect(t + Seconds{600}, t + Seconds{600});
  EXPECT_EQ(rig.fleet.requests().size(), before + 1);
  EXPECT_EQ(r.results["charge_state"], "ok");
}

}  // namespace
}  // namespace p15::test
