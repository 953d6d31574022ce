#include "api/app.h"

#include <spdlog/spdlog.h>

#include "service/store/mariadb_store.h"
#include "service/vehicle/vehicle_factory.h"

namespace p15::api {

App::App(const Config& config) : config_(config) {}

App::~App() { stop(); }

Result<std::unique_ptr<App>> App::create(const Config& config) {
  std::unique_ptr<App> app(new App(config));
  const Config& c = app->config_;
  auto policy = make_policy(c.policy.name, PolicySettings{c.policy.min_amps});
  if (!policy.ok()) return Error{c.source + ": policy.name: " + policy.error().message};
  app->policy_ = std::move(policy).value();
  app->metrics_.declare_policy(app->policy_->name());
  auto client = make_vehicle_client(c.vehicle);
  if (!client.ok()) return Error{c.source + ": vehicle: " + client.error().message};
  app->client_ = std::move(client).value();
  // The store connects lazily: a database that is down at start-up makes the service unhealthy,
  // not absent.
  app->store_ = std::make_unique<MariaDbStore>(c.database);
  CommanderSettings cs;
  cs.max_wakes_per_hour = c.vehicle.max_wakes_per_hour;
  cs.wake_timeout = Seconds{c.vehicle.wake_timeout_s};
  app->commander_ = std::make_unique<Commander>(*app->client_, app->clock_, cs);
  app->cycle_ = std::make_unique<Cycle>(*app->store_, *app->policy_, *app->commander_, app->clock_,
                                        app->metrics_, Seconds{c.poll.stale_after_s});
  Cycle* cycle = app->cycle_.get();
  app->poller_ = std::make_unique<Poller>([cycle] { return cycle->run_once(); }, app->clock_,
                                          app->metrics_, Seconds{c.poll.interval_s});
  app->services_ = std::make_unique<Services>(Services{app->config_, *app->cycle_, *app->poller_,
                                                       app->metrics_, *app->store_,
                                                       *app->commander_, app->clock_});
  register_routes(app->router_, *app->services_);
  app->router_.require_token(c.service.api_token);
  app->server_ =
      std::make_unique<HttpServer>(app->router_, c.service.bind_address, c.service.port);
  return app;
}

void App::start() {
  server_->open();
  // Says whether a token guards the routes that change state, never the token itself.
  spdlog::info("listening url={} application_root={} policy={} vehicle_adapter={} auth={}",
               server_->url(), config_.service.application_root, policy_->name(), client_->name(),
               config_.service.api_token.empty() ? "none" : "bearer");
  if (config_.poll.autostart) poller_->start();
}

void App::stop() {
  if (poller_) poller_->stop();
  if (server_) server_->close();
}

}  // namespace p15::api
