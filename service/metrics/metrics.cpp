#include "service/metrics/metrics.h"

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <limits>

#include "service/metrics/tesla_metrics.h"

namespace p15 {

using prometheus::BuildCounter;
using prometheus::BuildGauge;
using prometheus::BuildHistogram;

struct Metrics::Impl {
  std::shared_ptr<prometheus::Registry> registry = std::make_shared<prometheus::Registry>();
  prometheus::Family<prometheus::Counter>& cycles = BuildCounter()
                                                        .Name("p15_poll_cycles_total")
                                                        .Help("Decision cycles run, by result")
                                                        .Register(*registry);
  // Every request to Tesla (or a BLE proxy) by pricing category and the status it answered
  // ("none": no answer), and what Tesla bills for them at tesla_prices().
  TeslaRequestMetrics tesla{*registry};
  // The owner's alerts (service/core/alerts.h), 1 while active; and the webhook's outcomes.
  prometheus::Family<prometheus::Gauge>& alerts =
      BuildGauge()
          .Name("p15_alerts_active")
          .Help("1 while the alert of this kind is active (GET /alerts), else 0")
          .Register(*registry);
  prometheus::Family<prometheus::Counter>& notifications =
      BuildCounter()
          .Name("p15_notifications_total")
          .Help("Alert notifications to notifications.webhook_url: sent, retried, failed, dropped")
          .Register(*registry);
  // The energy site's settings (service/site/site_steward.h): each POST by endpoint and outcome,
  // the levers that did not act, the owner's changes adopted and the restores.
  prometheus::Family<prometheus::Counter>& site_requests =
      BuildCounter()
          .Name("p15_powerwall_settings_requests_total")
          .Help("Energy-site settings requests sent, by endpoint and outcome (each is billed)")
          .Register(*registry);
  prometheus::Family<prometheus::Counter>& site_events =
      BuildCounter()
          .Name("p15_powerwall_lever_events_total")
          .Help("Energy-site lever events: refused, ineffective, owner_change, restore")
          .Register(*registry);
  prometheus::Gauge& site_today =
      BuildGauge()
          .Name("p15_powerwall_settings_requests_today")
          .Help("Energy-site settings requests this local day (powerwall.max_settings_per_day)")
          .Register(*registry)
          .Add({});
  prometheus::Gauge& tesla_retry_at =
      BuildGauge()
          .Name("p15_tesla_rate_limited_until_timestamp_seconds")
          .Help("Unix time until which Tesla rate-limits the service (429); 0 when not")
          .Register(*registry)
          .Add({});
  prometheus::Family<prometheus::Histogram>& cycle_seconds =
      BuildHistogram()
          .Name("p15_poll_cycle_duration_seconds")
          .Help("Time one decision cycle took, including commands to the car")
          .Register(*registry);
  prometheus::Histogram& cycle_hist =
      cycle_seconds.Add({}, prometheus::Histogram::BucketBoundaries{
                                0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60});
  prometheus::Gauge& last_cycle = BuildGauge()
                                      .Name("p15_poll_last_cycle_timestamp_seconds")
                                      .Help("Unix time the last decision cycle finished")
                                      .Register(*registry)
                                      .Add({});
  prometheus::Family<prometheus::Counter>& decisions = BuildCounter()
                                                           .Name("p15_decisions_total")
                                                           .Help("Decisions recorded, by policy")
                                                           .Register(*registry);
  prometheus::Family<prometheus::Counter>& commands =
      BuildCounter()
          .Name("p15_vehicle_commands_total")
          .Help("Commands sent to the car, by kind (each is billed by Tesla)")
          .Register(*registry);
  prometheus::Family<prometheus::Counter>& command_failures =
      BuildCounter()
          .Name("p15_vehicle_command_failures_total")
          .Help("Commands to the car that failed, by kind")
          .Register(*registry);
  prometheus::Counter& wakes =
      BuildCounter()
          .Name("p15_vehicle_wake_ups_total")
          .Help("Wake-ups sent to the car (each is billed and costs battery)")
          .Register(*registry)
          .Add({});
  prometheus::Counter& db_errors = BuildCounter()
                                       .Name("p15_db_errors_total")
                                       .Help("Database calls that failed")
                                       .Register(*registry)
                                       .Add({});
  prometheus::Family<prometheus::Counter>& connects =
      BuildCounter()
          .Name("p15_db_connection_attempts_total")
          .Help("Attempts to open a MariaDB connection, by result (ok, failed)")
          .Register(*registry);
  prometheus::Gauge& reconnect_wait =
      BuildGauge()
          .Name("p15_db_reconnect_backoff_seconds")
          .Help("Wait before the next MariaDB connection attempt (0 while connected)")
          .Register(*registry)
          .Add({});
  prometheus::Family<prometheus::Counter>& stale =
      BuildCounter()
          .Name("p15_stale_rows_total")
          .Help("Cycles refused because the newest row was too old or from the future, by table")
          .Register(*registry);
  prometheus::Family<prometheus::Counter>& invalid =
      BuildCounter()
          .Name("p15_invalid_rows_total")
          .Help("Cycles refused because the newest row could not be parsed, by table")
          .Register(*registry);
  prometheus::Family<prometheus::Gauge>& age = BuildGauge()
                                                   .Name("p15_data_age_seconds")
                                                   .Help("Age of the newest row read, by table")
                                                   .Register(*registry);
  prometheus::Gauge& amps = BuildGauge()
                                .Name("p15_charging_current_amperes")
                                .Help("Charging current last decided")
                                .Register(*registry)
                                .Add({});
  prometheus::Gauge& actual = BuildGauge()
                                  .Name("p15_vehicle_charger_actual_current_amperes")
                                  .Help("The car's charger current in the newest vehicle row")
                                  .Register(*registry)
                                  .Add({});
  // Energy in joules (Prometheus' base unit; 1 kWh = 3.6e6 J). A counter cannot go down, so the
  // saving is not one: it is baseline - cost in PromQL (docs/monitoring.md).
  prometheus::Family<prometheus::Counter>& car_energy =
      BuildCounter()
          .Name("p15_car_energy_joules_total")
          .Help("Energy the car drew, by source (solar, powerwall, grid), from the cost ledger")
          .Register(*registry);
  prometheus::Counter& cost =
      BuildCounter()
          .Name("p15_charging_cost_dollars_total")
          .Help(
              "What the car's energy cost: grid at the import price, solar and Powerwall at the "
              "export credit forgone")
          .Register(*registry)
          .Add({});
  prometheus::Counter& baseline_cost =
      BuildCounter()
          .Name("p15_charging_baseline_cost_dollars_total")
          .Help("What the same energy would have cost with charge-now (grid, from plug-in)")
          .Register(*registry)
          .Add({});
  prometheus::Counter& ledger_failures =
      BuildCounter()
          .Name("p15_energy_ledger_write_failures_total")
          .Help("Cost ledger rows that could not be written (the car's commands went ahead)")
          .Register(*registry)
          .Add({});
  prometheus::Gauge& running = BuildGauge()
                                   .Name("p15_poll_running")
                                   .Help("1 while the poll loop runs")
                                   .Register(*registry)
                                   .Add({});
  // The children every cycle touches, looked up once: a label lookup builds a map of strings,
  // which the backtest's million cycles per replay would pay for several times a cycle.
  prometheus::Counter& energy_solar = car_energy.Add({{"source", "solar"}});
  prometheus::Counter& energy_powerwall = car_energy.Add({{"source", "powerwall"}});
  prometheus::Counter& energy_grid = car_energy.Add({{"source", "grid"}});
  prometheus::Gauge& age_battery = age.Add({{"table", "battery_model"}});
  prometheus::Gauge& age_vehicle = age.Add({{"table", "vehicle_model"}});
};

Metrics::Metrics() : impl_(std::make_unique<Impl>()) {
  // Pre-create the label sets a dashboard expects, so they read 0 rather than absent.
  for (const char* r : {"ok", "stale", "invalid", "no_data", "db_error", "command_failed"}) {
    impl_->cycles.Add({{"result", r}});
  }
  for (auto k : {CommandKind::SetChargingAmps, CommandKind::ChargeStart, CommandKind::ChargeStop}) {
    impl_->commands.Add({{"kind", to_string(k)}});
    impl_->command_failures.Add({{"kind", to_string(k)}});
  }
  for (const char* r : {"ok", "failed"}) impl_->connects.Add({{"result", r}});
  // Unknown until the first read: NaN, not a misleading 0 s.
  impl_->age_battery.Set(std::numeric_limits<double>::quiet_NaN());
  impl_->age_vehicle.Set(std::numeric_limits<double>::quiet_NaN());
}

void Metrics::declare_policy(const std::string& policy) {
  impl_->decisions.Add({{"policy", policy}});
}

Metrics::~Metrics() = default;

std::string Metrics::serialize() const {
  return prometheus::TextSerializer().Serialize(impl_->registry->Collect());
}

void Metrics::cycle_finished(const std::string& result, double seconds, TimePoint at) {
  impl_->cycles.Add({{"result", result}}).Increment();
  impl_->cycle_hist.Observe(seconds);
  impl_->last_cycle.Set(static_cast<double>(at.time_since_epoch().count()));
}

void Metrics::decision(const std::string& policy, int amps) {
  impl_->decisions.Add({{"policy", policy}}).Increment();
  impl_->amps.Set(amps);
}

void Metrics::command(CommandKind kind, bool ok) {
  impl_->commands.Add({{"kind", to_string(kind)}}).Increment();
  if (!ok) impl_->command_failures.Add({{"kind", to_string(kind)}}).Increment();
}

void Metrics::wake_up() { impl_->wakes.Increment(); }
void Metrics::db_error() { impl_->db_errors.Increment(); }
void Metrics::db_connection_attempt(bool ok, double retry_in_seconds) {
  impl_->connects.Add({{"result", ok ? "ok" : "failed"}}).Increment();
  impl_->reconnect_wait.Set(retry_in_seconds);
}
void Metrics::stale_row(const std::string& table) {
  impl_->stale.Add({{"table", table}}).Increment();
}
void Metrics::invalid_row(const std::string& table) {
  impl_->invalid.Add({{"table", table}}).Increment();
}
void Metrics::data_age(const std::string& table, double seconds) {
  if (table == "battery_model") return impl_->age_battery.Set(seconds);
  if (table == "vehicle_model") return impl_->age_vehicle.Set(seconds);
  impl_->age.Add({{"table", table}}).Set(seconds);
}
void Metrics::charger_actual_current(int amps) { impl_->actual.Set(amps); }
void Metrics::poll_running(bool running) { impl_->running.Set(running ? 1 : 0); }

namespace {
constexpr double kJoulesPerKwh = 3.6e6;
// prometheus-cpp ignores a negative increment; a negative amount (a tariff paying less than
// nothing for export) is dropped here on purpose so the counter stays monotonic.
void add(prometheus::Counter& c, double amount) {
  if (amount > 0) c.Increment(amount);
}
}  // namespace

void Metrics::ledger_entry(const LedgerEntry& e) {
  add(impl_->energy_solar, e.solar_kwh * kJoulesPerKwh);
  add(impl_->energy_powerwall, e.powerwall_kwh * kJoulesPerKwh);
  add(impl_->energy_grid, e.grid_kwh * kJoulesPerKwh);
  add(impl_->cost, e.cost);
  add(impl_->baseline_cost, e.baseline_cost);
}

void Metrics::ledger_write_failed() { impl_->ledger_failures.Increment(); }

void Metrics::site_request(const std::string& endpoint, const std::string& outcome) {
  impl_->site_requests.Add({{"endpoint", endpoint}, {"outcome", outcome}}).Increment();
}
void Metrics::site_event(const std::string& event) {
  impl_->site_events.Add({{"event", event}}).Increment();
}
void Metrics::site_requests_today(int n) { impl_->site_today.Set(n); }
void Metrics::declare_site_events() {
  for (const char* e : {"refused", "ineffective", "owner_change", "restore"}) {
    impl_->site_events.Add({{"event", e}});
  }
}

void Metrics::tesla_request(TeslaCategory category, int status, bool billed) {
  impl_->tesla.request(category, status, billed);
}

void Metrics::declare_tesla_categories() { impl_->tesla.declare_categories(); }

void Metrics::tesla_rate_limited_until(std::optional<TimePoint> until) {
  impl_->tesla_retry_at.Set(
      until ? static_cast<double>(
                  std::chrono::duration_cast<Seconds>(until->time_since_epoch()).count())
            : 0.0);
}

void Metrics::alert_active(const std::string& kind, bool active) {
  impl_->alerts.Add({{"kind", kind}}).Set(active ? 1 : 0);
}

void Metrics::notification(const std::string& outcome) {
  impl_->notifications.Add({{"outcome", outcome}}).Increment();
}

void Metrics::declare_notification_outcomes() {
  for (const char* o : {"sent", "retried", "failed", "dropped"}) {
    impl_->notifications.Add({{"outcome", o}});
  }
}

}  // namespace p15
