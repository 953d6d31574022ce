#include "collector/collector_app.h"

#include <cpprest/json.h>
#include <spdlog/spdlog.h>

#include <mutex>

#include "api/router.h"
#include "api/server.h"
#include "collector/collector.h"
#include "collector/fleet_sources.h"
#include "collector/gateway_client.h"
#include "collector/wall_connector_client.h"
#include "service/clock/home_clock.h"
#include "service/core/time_text.h"
#include "service/store/mariadb_connection.h"
#include "service/store/mariadb_tesla_usage.h"
#include "service/vehicle/fleet_client.h"

namespace p15::collector {
namespace {

using web::json::value;
namespace chr = std::chrono;

// How often the loop asks the schedule; the schedule, on the home clock, decides what is due.
constexpr chr::milliseconds kLoopTick{200};

value report_json(const RoundReport& r) {
  value v;
  value results = value::object();
  for (const auto& [k, s] : r.results) results[k] = value::string(s);
  v["results"] = results;
  v["car"] = value::string(to_string(r.car));
  v["month_spend_dollars"] = value::number(r.month_spend_dollars);
  v["battery_row"] = r.battery_row ? value::number(*r.battery_row) : value::null();
  v["vehicle_row"] = r.vehicle_row ? value::number(*r.vehicle_row) : value::null();
  return v;
}

ScheduleSettings schedule_settings(const CollectorConfig& k, bool has_wc) {
  ScheduleSettings s;
  s.interval = Seconds{k.interval_s};
  s.site_info_interval = Seconds{k.site_info_interval_s};
  s.has_gateway = !k.gateway_url.empty();
  s.has_wall_connector = has_wc;
  BudgetInput in;
  in.dollars_per_month = k.max_dollars_per_month;
  in.dollars_per_data_request = dollars_per_request(TeslaCategory::Data);
  in.vehicle_refresh = Seconds{k.vehicle_refresh_s};
  in.has_wall_connector = has_wc;
  s.budget = derive_budget(in);
  return s;
}

TimePoint real_now() { return chr::time_point_cast<Seconds>(chr::system_clock::now()); }

}  // namespace

struct CollectorApp::Impl {
  Config config;
  CollectorRunOptions options;
  SystemClock clock;
  std::unique_ptr<HomeClock> home;
  CollectorMetrics metrics;
  std::unique_ptr<MariaDbConnection> db;
  std::unique_ptr<MariaDbRowWriter> writer;
  // This month's Tesla requests in p15_tesla_usage, shared with the service (one bill); set
  // before the first round, so before the first request its observer sees.
  std::unique_ptr<TeslaUsageBook> usage;
  std::shared_ptr<FleetClient> fleet;
  std::unique_ptr<FleetCloud> cloud;
  std::unique_ptr<PowerwallSource> powerwall;
  std::unique_ptr<FleetVehicle> vehicle;
  std::unique_ptr<WallConnectorClient> wall_connector;
  std::atomic<Collector*> collector_ptr{nullptr};
  std::unique_ptr<Collector> collector;
  std::mutex round_mu;
  std::optional<RoundReport> last;
  TimePoint last_real{};
  api::Router router;
  std::unique_ptr<api::HttpServer> server;
  std::atomic<bool> stopping{false};
  std::thread loop;

  Status make_sources();
  Result<RoundReport> round();
  void routes();
  api::Response health();
};

// The gateway's login is checked here, not by load_config: the service reads the same file and
// needs no gateway password.
static Status check_gateway_login(const Config& c) {
  const CollectorConfig& k = c.collector;
  if (k.gateway_url.empty()) return ok_status();
  const std::string why = " required when collector.gateway_url is set (the gateway's login)";
  if (k.gateway_email.empty()) return Error{c.source + ": collector.gateway_email:" + why};
  if (k.gateway_password.empty()) {
    return Error{c.source + ": collector.gateway_password:" + why + " (set " +
                 config_env_var("collector.gateway_password") +
                 " or collector.gateway_password_file)"};
  }
  return ok_status();
}

Status CollectorApp::Impl::make_sources() {
  const VehicleConfig& v = config.vehicle;
  const CollectorConfig& k = config.collector;
  if (auto st = check_gateway_login(config); !st) return st;
  const bool has_fleet = v.adapter == "fleet" && v.transport == "fleet";
  if (has_fleet) {
    fleet = std::make_shared<FleetClient>(
        v, [this](TeslaCategory category, int status, const std::string& body) {
          const bool billed = is_billed(category, fleet_status_behind_proxy(status, body));
          metrics.tesla_request(category, status, billed);
          if (usage) usage->record(category, billed, real_now());
          if (Collector* c = collector_ptr.load(); c != nullptr && billed) {
            c->billed(dollars_per_request(category));
          }
        });
    cloud = std::make_unique<FleetCloud>(fleet, v.vin, k.energy_site_id, real_now);
    vehicle = std::make_unique<FleetVehicle>(*cloud);
  }
  if (!k.gateway_url.empty()) {
    powerwall = std::make_unique<GatewayClient>(
        GatewayOptions{k.gateway_url, k.gateway_email, k.gateway_password, k.gateway_ca_file,
                       chr::seconds(v.request_timeout_s), real_now});
  } else if (cloud) {
    powerwall = std::make_unique<FleetPowerwall>(*cloud);
  } else {
    return Error{config.source +
                 ": collector.gateway_url: required when vehicle.adapter is not fleet (the "
                 "Powerwall is read from the gateway, or from Tesla's cloud with a Fleet token)"};
  }
  if (!k.wall_connector_url.empty()) {
    wall_connector = std::make_unique<WallConnectorClient>(
        k.wall_connector_url, chr::seconds(v.request_timeout_s), real_now);
  }
  return ok_status();
}

Result<RoundReport> CollectorApp::Impl::round() {
  auto now = home->now();
  if (!now) return now.error();
  std::lock_guard lock(round_mu);
  RoundReport r = collector->collect(*now, real_now());
  if (auto st = usage->flush(); !st) spdlog::debug("tesla usage kept: {}", st.error().message);
  last = r;
  last_real = real_now();
  return r;
}

api::Response CollectorApp::Impl::health() {
  value v;
  value problems = value::array();
  std::size_t n = 0;
  const Status db_ok = db->ping();
  if (!db_ok) problems[n++] = value::string("database: " + db_ok.error().message);
  {
    std::lock_guard lock(round_mu);
    if (!last) {
      problems[n++] = value::string("no collection round yet");
    } else {
      for (const auto& [source, result] : last->results) {
        if (result.rfind("error", 0) == 0) problems[n++] = value::string(source + ": " + result);
      }
      v["last_round"] = value::string(format_utc(last_real));
      v["car"] = value::string(to_string(last->car));
    }
  }
  v["status"] = value::string(n == 0 ? "ok" : "unhealthy");
  v["problems"] = problems;
  return api::json_response(n == 0 ? 200 : 503, v.serialize());
}

void CollectorApp::Impl::routes() {
  router.add("GET", "/healthcheck", [this](const api::Request&) { return health(); });
  router.add("GET", "/metrics", [this](const api::Request&) {
    return api::Response{200, "text/plain; version=0.0.4; charset=utf-8", metrics.serialize(), {}};
  });
  router.add("POST", "/collect", [this](const api::Request&) {
    auto r = round();
    if (!r)
      return api::json_response(
          503, value::object({{"error", value::string(r.error().message)}}).serialize());
    return api::json_response(200, report_json(*r).serialize());
  });
  router.add("POST", "/refresh", [this](const api::Request&) {
    collector->request_refresh();
    return api::json_response(202, R"({"refresh":"at the next round"})");
  });
  router.require_token(config.service.api_token);
}

Result<std::unique_ptr<CollectorApp>> CollectorApp::create(const Config& config,
                                                           CollectorRunOptions options) {
  auto impl = std::make_unique<Impl>();
  impl->config = config;
  impl->options = options;
  auto home = make_home_clock(config.clock, impl->clock);
  if (!home) return home.error();
  impl->home = std::move(home).value();
  if (auto st = impl->make_sources(); !st) return st.error();
  impl->db = std::make_unique<MariaDbConnection>(config.database, impl->clock,
                                                 [](const ConnectAttempt&) {});
  impl->writer = std::make_unique<MariaDbRowWriter>(*impl->db);
  impl->usage = std::make_unique<TeslaUsageBook>(*impl->db);
  const CollectorConfig& k = config.collector;
  CollectorSettings s;
  s.schedule = schedule_settings(k, impl->wall_connector != nullptr);
  s.vin = config.vehicle.vin;
  s.dollars_per_month = k.max_dollars_per_month;
  s.retention = Seconds{static_cast<long long>(k.retention_days) * 86400};
  impl->collector = std::make_unique<Collector>(s, *impl->powerwall, impl->vehicle.get(),
                                                impl->wall_connector.get(), impl->cloud.get(),
                                                *impl->writer, impl->metrics);
  impl->collector_ptr.store(impl->collector.get());
  spdlog::info(
      "collector: powerwall from {}, car {}, Wall Connector {}; budget ${:.2f}/month: "
      "charge state every {} s while charging, car state every {} s{}",
      k.gateway_url.empty() ? "Tesla's live_status" : "the gateway",
      impl->vehicle ? "through Fleet" : "not read", impl->wall_connector ? "read" : "none",
      k.max_dollars_per_month, s.schedule.budget.vehicle_refresh.count(),
      s.schedule.budget.summary_interval.count(),
      s.schedule.budget.summary_polls ? "" : " (only on a plug change)");
  impl->routes();
  impl->server = std::make_unique<api::HttpServer>(impl->router, k.bind_address, k.port);
  return std::unique_ptr<CollectorApp>(new CollectorApp(std::move(impl)));
}

CollectorApp::CollectorApp(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

CollectorApp::~CollectorApp() { stop(); }

std::string CollectorApp::url() const { return impl_->server->url(); }

Status CollectorApp::start() {
  try {
    impl_->server->open();
  } catch (const std::exception& e) {
    return Error{e.what()};
  }
  spdlog::info("collector: listening at {}", impl_->server->url());
  if (impl_->options.external_steps) return ok_status();
  impl_->loop = std::thread([this] {
    std::string last_error;
    while (!impl_->stopping.load()) {
      auto r = impl_->round();
      if (!r && r.error().message != last_error) spdlog::warn("collector: {}", r.error().message);
      last_error = r ? "" : r.error().message;
      std::this_thread::sleep_for(kLoopTick);
    }
  });
  return ok_status();
}

void CollectorApp::stop() {
  impl_->stopping.store(true);
  if (impl_->loop.joinable()) impl_->loop.join();
  if (impl_->server) impl_->server->close();
}

}  // namespace p15::collector
