#pragma once
// The composition root: builds every adapter from the Config, wires them to the core and hands
// the HTTP layer its use cases.
#include <memory>

#include "api/router.h"
#include "api/server.h"
#include "api/use_cases.h"
#include "service/clock/clock.h"
#include "service/clock/home_clock.h"
#include "service/config/config.h"
#include "service/core/policy.h"
#include "service/metrics/metrics.h"
#include "service/notify/notification_queue.h"
#include "service/poll/alert_monitor.h"
#include "service/poll/cycle.h"
#include "service/poll/home_live.h"
#include "service/poll/poller.h"
#include "service/site/steward.h"
#include "service/store/mariadb_store.h"
#include "service/store/mariadb_tesla_usage.h"
#include "service/vehicle/commander.h"
#include "service/vehicle/vehicle_client.h"

namespace p15 {
class CollectorLink;
namespace api {
class EventHub;
}

class App {
 public:
  // Fails (with a message naming the setting) when the config cannot be turned into adapters.
  static Result<std::unique_ptr<App>> create(const Config& config);
  ~App();

  void start();  // opens the HTTP port; starts polling when poll.autostart
  void stop();
  // Joins the poll loop (no cycle or command is left half done), then gives the energy site its
  // owner's settings back when the service steered it.
  void stop_polling();
  std::string url() const { return server_->url(); }
  const api::Router& router() const { return router_; }
  // The alerts the last cycle left active (GET /alerts, the live page's state).
  std::vector<Alert> active_alerts() const;

 private:
  explicit App(const Config& config);
  Status make_vehicle();
  void make_store();
  Status make_cycle();
  Status make_steward(HomeSettings& home);
  void make_alerts(HomeSettings& home);
  api::UseCases use_cases();
  void warm_up();        // the planner's forecast from the collector's past rows
  void publish_state();  // the live view to every /events client
  api::ServiceFacts facts() const;

  Config config_;
  SystemClock clock_;
  std::unique_ptr<HomeClock> home_clock_;
  std::shared_ptr<CollectorLink> collector_link_;  // when collector.url is set
  PolicySettings policy_settings_;
  Metrics metrics_;
  std::unique_ptr<MariaDbStore> store_;
  std::unique_ptr<VehicleClient> client_;
  std::unique_ptr<Commander> commander_;
  std::unique_ptr<Policy> policy_;
  std::unique_ptr<LearnedOutlook> outlook_;  // the planner's, fed by the Cycle
  std::unique_ptr<SiteClient> site_client_;  // powerwall.steer
  std::unique_ptr<StewardBook> steward_book_;
  std::unique_ptr<SiteSteward> steward_;
  // Alerts and Tesla's bill (make_alerts): before cycle_, which calls them, so they outlive it.
  std::unique_ptr<TeslaUsageBook> tesla_usage_;
  std::unique_ptr<Notifier> notifier_;                // when notifications.webhook_url is set
  std::unique_ptr<NotificationQueue> notifications_;  // sends through notifier_
  std::unique_ptr<AlertMonitor> alert_monitor_;
  std::unique_ptr<Cycle> cycle_;
  std::unique_ptr<HomeLive> home_live_;    // the owner's page's live view
  std::shared_ptr<api::EventHub> events_;  // GET /events: the view after every cycle
  std::unique_ptr<Poller> poller_;
  api::Router router_;
  std::unique_ptr<api::HttpServer> server_;
};

}  // namespace p15
