#include "app/app.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <memory>

#include "api/event_hub.h"
#include "api/home_routes.h"
#include "api/routes.h"
#include "service/collector/collector_link.h"
#include "service/notify/webhook_notifier.h"
#include "service/poll/planner_history.h"
#include "service/site/fleet_site_client.h"
#include "service/store/mariadb_store.h"
#include "service/vehicle/vehicle_factory.h"

namespace p15 {

namespace {

CommanderSettings commander_settings(const VehicleConfig& v) {
  CommanderSettings cs;
  cs.max_wakes_per_hour = v.max_wakes_per_hour;
  cs.max_wakes_per_day = v.max_wakes_per_day;
  cs.wake_before_commands = v.transport != "ble";
  cs.wake_timeout = Seconds{v.wake_timeout_s};
  // About a dozen polls per wait (each one is a billed data request), one every 1-5 s.
  cs.wake_poll_interval =
      std::clamp<std::chrono::milliseconds>(std::chrono::milliseconds(v.wake_timeout_s * 1000 / 12),
                                            std::chrono::seconds(1), std::chrono::seconds(5));
  return cs;
}

}  // namespace

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
  if (auto st = app->make_vehicle(); !st.ok()) return st.error();
  app->make_store();
  if (auto st = app->make_cycle(); !st.ok()) return st.error();
  api::register_routes(app->router_, c.service, app->use_cases());
  app->router_.require_token(c.service.api_token);
  app->server_ =
      std::make_unique<api::HttpServer>(app->router_, c.service.bind_address, c.service.port);
  return app;
}

Status App::make_vehicle() {
  Metrics* metrics = &metrics_;
  metrics_.declare_tesla_categories();
  // The client files a BLE proxy's answers under Local, which is_billed never bills.
  auto client = make_vehicle_client(
      config_.vehicle,
      [this, metrics](TeslaCategory category, int status, const std::string& body) {
        const bool billed = is_billed(category, fleet_status_behind_proxy(status, body));
        metrics->tesla_request(category, status, billed);
        // Both exist before the first request: make_cycle builds them, start() polls.
        if (tesla_usage_) tesla_usage_->record(category, billed, clock_.now());
        if (alert_monitor_) alert_monitor_->tesla_answer(status);
      });
  if (!client.ok()) return Error{config_.source + ": vehicle: " + client.error().message};
  client_ = std::move(client).value();
  return ok_status();
}

// The store connects lazily: a database that is down at start-up makes the service unhealthy,
// not absent.
void App::make_store() {
  Metrics* metrics = &metrics_;
  PowerwallFallbacks powerwall{config_.powerwall.capacity_wh, std::nullopt};
  if (config_.powerwall.backup_reserve_percent >= 0) {
    powerwall.backup_reserve_percent = config_.powerwall.backup_reserve_percent;
  }
  store_ = std::make_unique<MariaDbStore>(
      config_.database, clock_,
      [metrics](const ConnectAttempt& a) {
        metrics->db_connection_attempt(a.ok, static_cast<double>(a.retry_in.count()));
      },
      powerwall);
}

Status App::make_cycle() {
  const Config& c = config_;
  commander_ = std::make_unique<Commander>(*client_, clock_, commander_settings(c.vehicle));
  auto home_clock = make_home_clock(c.clock, clock_);
  if (!home_clock.ok()) return Error{c.source + ": " + home_clock.error().message};
  home_clock_ = std::move(home_clock).value();
  // A departure's "07:00" is local time where the tariff's hours are.
  HomeSettings home;  // no plan hook: the owner's stored charge mode
  home.vin = c.vehicle.vin;
  home.zone = policy_settings_.smart.tariff.import_price.zone;
  home.clock = home_clock_.get();
  if (!c.collector.url.empty()) {
    collector_link_ = std::make_shared<CollectorLink>(c.collector.url, c.service.api_token,
                                                      std::chrono::seconds(5));
    home.after_commands = [link = collector_link_] { link->request_refresh(); };
  }
  if (policy_->name() == "planner") {
    // The planner learns its forecast from the rows this service trusts, and at start from the
    // last planner.history_days of the collector's rows (warm_up).
    outlook_ = std::make_unique<LearnedOutlook>(policy_settings_.smart.tariff, home.zone,
                                                make_forecaster(c.planner.forecaster));
    home.outlook = outlook_.get();
  }
  if (auto st = make_steward(home); !st) return st;
  make_alerts(home);
  // Every pass, the poll loop's or a GET /manage-vehicle's, whatever its result, goes to the
  // page after the alert rules have seen it: a stale row is news too.
  home.after_pass = [this, alerts = std::move(home.after_pass)](const Result<ManageResult>& pass) {
    alerts(pass);
    publish_state();
  };
  cycle_ = std::make_unique<Cycle>(*store_, *policy_, *commander_, clock_, metrics_,
                                   Seconds{c.poll.stale_after_s}, home, ledger_settings(c),
                                   Seconds{c.poll.charge_state_max_age_s});
  Cycle* cycle = cycle_.get();
  home_live_ = std::make_unique<HomeLive>(
      *store_, *cycle_, clock_,
      HomeLiveSettings{policy_settings_.smart, default_charge_mode(policy_settings_.smart),
                       c.vehicle.vin, Seconds{c.poll.stale_after_s}});
  events_ = std::make_shared<api::EventHub>();
  poller_ = std::make_unique<Poller>([cycle] { return cycle->run_once(); }, clock_, metrics_,
                                     Seconds{c.poll.interval_s});
  return ok_status();
}

// The alert rules after every pass, their notifications on a worker thread, and Tesla's requests
// added to this month's row after the pass (the collector adds its own after each round).
void App::make_alerts(HomeSettings& home) {
  const NotificationsConfig& n = config_.notifications;
  metrics_.declare_notification_outcomes();
  if (!n.webhook_url.empty()) {
    const auto format = n.format == "ntfy" ? WebhookFormat::Ntfy : WebhookFormat::Json;
    notifier_ =
        std::make_unique<WebhookNotifier>(n.webhook_url, format, std::chrono::seconds(n.timeout_s));
    NotificationQueueSettings qs;
    qs.max_attempts = n.max_attempts;
    Metrics* metrics = &metrics_;
    notifications_ = std::make_unique<NotificationQueue>(
        *notifier_, qs, [metrics](const std::string& outcome) { metrics->notification(outcome); });
    spdlog::info("notifications: {} to {}", n.format, redacted_url(n.webhook_url));
  }
  tesla_usage_ = std::make_unique<TeslaUsageBook>(store_->connection());
  alert_monitor_ =
      std::make_unique<AlertMonitor>(*commander_, clock_, metrics_, notifications_.get());
  home.after_pass = [monitor = alert_monitor_.get(),
                     usage = tesla_usage_.get()](const Result<ManageResult>& pass) {
    monitor->observe(pass);
    if (auto st = usage->flush(); !st) spdlog::debug("tesla usage kept: {}", st.error().message);
  };
}

std::vector<Alert> App::active_alerts() const {
  return alert_monitor_ ? alert_monitor_->active_alerts() : std::vector<Alert>{};
}

// The energy site's settings ride on the car's Fleet client (one token, one billing observer);
// the steward's state lives beside the Store on the same connection.
Status App::make_steward(HomeSettings& home) {
  const Config& c = config_;
  if (!c.powerwall.steer) return ok_status();
  auto* fleet = dynamic_cast<FleetClient*>(client_.get());
  if (fleet == nullptr) return Error{c.source + ": powerwall.steer: needs vehicle.adapter: fleet"};
  site_client_ = std::make_unique<FleetSiteClient>(*fleet, c.collector.energy_site_id);
  steward_book_ = std::make_unique<MariaDbStewardBook>(store_->connection());
  StewardOptions o;
  o.rules = {true, c.powerwall.max_settings_per_day};
  o.zone = home.zone;
  o.restore_after_failure = Seconds{c.powerwall.restore_after_failure_s};
  steward_ = std::make_unique<SiteSteward>(*site_client_, *steward_book_, metrics_, o);
  home.site = steward_.get();
  return ok_status();
}

// On the cycle's thread, under its lock: the view's three small reads happen only while a page
// listens, and the hub only appends to each connection's buffer.
void App::publish_state() {
  if (!events_ || !home_live_ || events_->subscribers() == 0) return;
  events_->publish("state",
                   api::home_state_json(home_live_->view(), facts(), active_alerts()).serialize());
}

api::ServiceFacts App::facts() const {
  return {policy_->name(), config_.vehicle.adapter, config_.vehicle.vin,
          default_charge_mode(policy_settings_.smart)};
}

// The handlers' calls, bound to the parts this App owns (which outlive the Router).
api::UseCases App::use_cases() {
  Cycle* cycle = cycle_.get();
  Poller* poller = poller_.get();
  Store* store = store_.get();
  Commander* commander = commander_.get();
  HomeClock* home_clock = home_clock_.get();
  Clock* clock = &clock_;
  Metrics* metrics = &metrics_;
  api::UseCases u;
  u.facts = facts();
  u.decisions = {[cycle] { return cycle->battery(); },
                 [cycle] { return cycle->decide_and_record(); },
                 [cycle] { return cycle->manage(); }};
  u.savings = {[cycle] { return cycle->savings_now(); }};
  u.charge_modes = {[store](const std::string& vin) { return store->read_charge_plan(vin); },
                    [store](const StoredChargeMode& m) { return store->upsert_charge_plan(m); },
                    [clock] { return clock->now(); }};
  u.poll = {[poller] { return poller->start(); }, [poller] { return poller->stop(); },
            [poller, cycle] {
              PollStatus st = poller->status();
              st.owner_override = cycle->owner_override();
              return st;
            },
            [cycle] { return cycle->resume_steering(); }};
  u.health = {[store] { return store->ping(); },
              [home_clock]() -> Status {
                if (auto t = home_clock->now(); !t.ok()) return t.error();
                return ok_status();
              },
              [commander] { return commander->latched(); },
              [commander] { return commander->rate_limited_until(); },
              [poller] { return poller->status(); },
              [clock] { return clock->now(); }};
  u.metrics_text = [metrics] { return metrics->serialize(); };
  u.home = {[live = home_live_.get()] { return live->view(); }, events_};
  AlertMonitor* alerts = alert_monitor_.get();
  TeslaUsageBook* usage = tesla_usage_.get();
  u.alerts = {[alerts] { return alerts->active_alerts(); },
              [usage, clock] { return usage->month(clock->now()); }};
  // The home page's data (GET /home/today, /sessions): the store's rows and sessions on the real
  // clock (the rows' stamps), with the ledger's zone and car-draw rule.
  auto home = std::make_shared<HomeData>(*store, *store, clock_, cycle->ledger_settings());
  u.home_data = {[home] { return home->today(); },
                 [home](std::optional<int> limit) { return home->sessions(limit); }};
  return u;
}

void App::start() {
  // Before the port opens: a GET /manage-vehicle would feed the same outlook.
  warm_up();
  server_->open();
  // Says whether a token guards the routes that change state, never the token itself.
  spdlog::info("listening url={} application_root={} policy={} vehicle_adapter={} clock={} auth={}",
               server_->url(), config_.service.application_root, policy_->name(), client_->name(),
               home_clock_->describe(), config_.service.api_token.empty() ? "none" : "bearer");
  // Said at once rather than at the first cycle: a simulator clock that does not answer yet
  // (started after the service) only delays the first decision.
  if (auto t = home_clock_->now(); !t.ok()) spdlog::warn("clock: {}", t.error().message);
  // A hold a crash left on the energy site ends before the first cycle.
  if (steward_) steward_->start(clock_.now());
  if (config_.poll.autostart) poller_->start();
}

// Before the first cycle, on the home's clock (the rows' stamps: the simulator's against p15-sim).
// A database that is down only costs the warm start: the planner learns from the rows to come.
void App::warm_up() {
  if (!outlook_ || config_.planner.history_days <= 0) return;
  const Result<TimePoint> home_now = home_clock_->now();
  const TimePoint now = home_now.ok() ? *home_now : clock_.now();
  const auto started = std::chrono::steady_clock::now();
  auto got = learn_history(*store_, *outlook_, now, config_.planner.history_days);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now() - started)
                      .count();
  if (!got.ok()) {
    spdlog::warn("planner: no warm start from the collector's rows ({}): it learns as they come",
                 got.error().message);
    return;
  }
  spdlog::info(
      "planner: forecast learned from {} rows of the last {} days ({} hours, {} unreadable rows "
      "skipped) in {} ms: {}",
      got->readings, got->days, got->hours, got->skipped, ms,
      outlook_->ready() ? "it plans from the first cycle" : "it decides as smart for now");
}

void App::stop() {
  stop_polling();
  // Open event streams would keep the listener from closing.
  if (events_) events_->close_all();
  if (server_) server_->close();
}

void App::stop_polling() {
  if (poller_) poller_->stop();
  if (steward_) steward_->stop(clock_.now());
}

}  // namespace p15
