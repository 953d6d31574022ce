#include "app/app.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "service/store/mariadb_store.h"
#include "service/vehicle/vehicle_factory.h"

namespace p15::api {

App::App(const Config& config) : config_(config) {}

App::~App() { stop(); }

Result<std::unique_ptr<App>> App::create(const Config& config) {
  std::unique_ptr<App> app(new App(config));
  const Config& c = app->config_;
  app->policy_settings_ = policy_settings(c);
  auto policy = make_policy(c.policy.name, app->policy_settings_);
  if (!policy.ok()) return Error{c.source + ": policy.name: " + policy.error().message};
  app->policy_ = std::move(policy).value();
  app->metrics_.declare_policy(app->policy_->name());
  Metrics* tesla_metrics = &app->metrics_;
  const bool ble = c.vehicle.transport == "ble";
  app->metrics_.declare_tesla_categories();
  // The client files a BLE proxy's answers under Local, which is_billed never bills.
  auto client = make_vehicle_client(
      c.vehicle, [tesla_metrics](TeslaCategory category, int status, const std::string& body) {
        tesla_metrics->tesla_request(category, status,
                                     is_billed(category, fleet_status_behind_proxy(status, body)));
      });
  if (!client.ok()) return Error{c.source + ": vehicle: " + client.error().message};
  app->client_ = std::move(client).value();
  // The store connects lazily: a database that is down at start-up makes the service unhealthy,
  // not absent.
  Metrics* metrics = &app->metrics_;
  PowerwallFallbacks powerwall{c.powerwall.capacity_wh, std::nullopt};
  if (c.powerwall.backup_reserve_percent >= 0) {
    powerwall.backup_reserve_percent = c.powerwall.backup_reserve_percent;
  }
  app->store_ = std::make_unique<MariaDbStore>(
      c.database, app->clock_,
      [metrics](const ConnectAttempt& a) {
        metrics->db_connection_attempt(a.ok, static_cast<double>(a.retry_in.count()));
      },
      powerwall);
  CommanderSettings cs;
  cs.max_wakes_per_hour = c.vehicle.max_wakes_per_hour;
  cs.max_wakes_per_day = c.vehicle.max_wakes_per_day;
  cs.wake_before_commands = !ble;
  cs.wake_timeout = Seconds{c.vehicle.wake_timeout_s};
  // About a dozen polls per wait (each one is a billed data request), one every 1-5 s.
  cs.wake_poll_interval = std::clamp<std::chrono::milliseconds>(
      std::chrono::milliseconds(c.vehicle.wake_timeout_s * 1000 / 12), std::chrono::seconds(1),
      std::chrono::seconds(5));
  app->commander_ = std::make_unique<Commander>(*app->client_, app->clock_, cs);
  auto home_clock = make_home_clock(c.clock, app->clock_);
  if (!home_clock.ok()) return Error{c.source + ": " + home_clock.error().message};
  app->home_clock_ = std::move(home_clock).value();
  // A departure's "07:00" is local time where the tariff's hours are.
  HomeSettings home{c.vehicle.vin, app->policy_settings_.smart.tariff.import_price.zone,
                    app->home_clock_.get()};
  app->cycle_ = std::make_unique<Cycle>(*app->store_, *app->policy_, *app->commander_, app->clock_,
                                        app->metrics_, Seconds{c.poll.stale_after_s}, home,
                                        ledger_settings(c));
  Cycle* cycle = app->cycle_.get();
  app->poller_ = std::make_unique<Poller>([cycle] { return cycle->run_once(); }, app->clock_,
                                          app->metrics_, Seconds{c.poll.interval_s});
  app->services_ = std::make_unique<Services>(
      Services{app->config_, *app->cycle_, *app->poller_, app->metrics_, *app->store_,
               *app->commander_, app->clock_, app->policy_settings_, *app->home_clock_});
  register_routes(app->router_, *app->services_);
  app->router_.require_token(c.service.api_token);
  app->server_ = std::make_unique<HttpServer>(app->router_, c.service.bind_address, c.service.port);
  return app;
}

void App::start() {
  server_->open();
  // Says whether a token guards the routes that change state, never the token itself.
  spdlog::info("listening url={} application_root={} policy={} vehicle_adapter={} clock={} auth={}",
               server_->url(), config_.service.application_root, policy_->name(), client_->name(),
               home_clock_->describe(), config_.service.api_token.empty() ? "none" : "bearer");
  // Said at once rather than at the first cycle: a simulator clock that does not answer yet
  // (started after the service) only delays the first decision.
  if (auto t = home_clock_->now(); !t.ok()) spdlog::warn("clock: {}", t.error().message);
  if (config_.poll.autostart) poller_->start();
}

void App::stop() {
  stop_polling();
  if (server_) server_->close();
}

void App::stop_polling() {
  if (poller_) poller_->stop();
}

}  // namespace p15::api
