#pragma once
// The service's Prometheus metrics, built once at start-up. Names follow p15_<noun>_<unit>[_total];
// labels take small fixed value sets only (never a VIN or a timestamp).
#include <memory>
#include <optional>
#include <string>

#include "service/core/energy_ledger.h"
#include "service/core/tesla_pricing.h"
#include "service/core/types.h"

namespace prometheus {
class Registry;
}

namespace p15 {

class Metrics {
 public:
  Metrics();
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // Prometheus text exposition format 0.0.4.
  std::string serialize() const;

  // Makes p15_decisions_total{policy=...} visible at 0 before the first decision.
  void declare_policy(const std::string& policy);
  // result: ok, stale, invalid, no_data, db_error, command_failed
  void cycle_finished(const std::string& result, double seconds, TimePoint at);
  void decision(const std::string& policy, int amps);
  void command(CommandKind kind, bool ok);
  void wake_up();
  void db_error();
  // One connection attempt to MariaDB and the wait before the next one (0 once connected).
  void db_connection_attempt(bool ok, double retry_in_seconds);
  void stale_row(const std::string& table);
  void invalid_row(const std::string& table);
  void data_age(const std::string& table, double seconds);
  void charger_actual_current(int amps);
  void poll_running(bool running);
  // One ledger row written: the car's energy by source, its cost and the charge-now baseline's.
  void ledger_entry(const LedgerEntry& entry);
  void ledger_write_failed();
  // The energy site's settings: one POST (endpoint: backup, operation, grid_import_export;
  // outcome: to_string(Outcome)), one lever event (refused, ineffective, owner_change, restore),
  // and the day's count of requests.
  void site_request(const std::string& endpoint, const std::string& outcome);
  void site_event(const std::string& event);
  void site_requests_today(int n);
  void declare_site_events();  // every event visible at 0
  // One answer from Tesla (status 0: none came); billed per is_billed.
  void tesla_request(TeslaCategory category, int status, bool billed);
  // Makes p15_tesla_api_cost_dollars_total{category} visible at 0 for every category.
  void declare_tesla_categories();
  void tesla_rate_limited_until(std::optional<TimePoint> until);
  // p15_alerts_active{kind} (1 active, 0 not) and p15_notifications_total{outcome}.
  void alert_active(const std::string& kind, bool active);
  void notification(const std::string& outcome);
  void declare_notification_outcomes();  // every outcome visible at 0

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace p15
