#include "service/core/alerts.h"

#include <cmath>
#include <cstdio>

#include "service/core/outage.h"
#include "service/core/time_text.h"

namespace p15 {
namespace {

// One kind's verdict on one pass: unknown (keep the previous state), or active or not.
struct Verdict {
  bool known = false;
  std::optional<Alert> alert;
};

Verdict unknown() { return {}; }
Verdict inactive() { return {true, std::nullopt}; }
Verdict active(AlertKind kind, TimePoint now, std::string message, std::string action) {
  return {true, Alert{kind, now, std::move(message), std::move(action)}};
}

std::string percent(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f %%", v);
  return buf;
}

bool rows_readable(PassEnd e) { return e != PassEnd::DatabaseDown && e != PassEnd::Failed; }

Verdict collector_stale(const PassFacts& f) {
  if (f.end == PassEnd::Stale || f.end == PassEnd::NoData) {
    return active(AlertKind::CollectorStale, f.now,
                  "no fresh rows from the collector: " + f.refusal +
                      "; the car is not steered until they are fresh",
                  "Check that p15-collector is running (its /healthcheck) and reaches the "
                  "Powerwall gateway, the car and the database; rows stamped in the future mean "
                  "a clock that is off or timestamps not in UTC");
  }
  // A malformed row still proves the collector writes; a dead database proves nothing.
  return rows_readable(f.end) ? inactive() : unknown();
}

Verdict database_down(const PassFacts& f) {
  if (f.end == PassEnd::DatabaseDown) {
    return active(AlertKind::DatabaseDown, f.now, "the database did not answer: " + f.refusal,
                  "Check that MariaDB is running and reachable with the database.* settings; "
                  "the service reconnects by itself once it answers");
  }
  return f.end == PassEnd::Failed ? unknown() : inactive();
}

std::string tesla_action(int status) {
  if (status == 429) {
    return "Nothing to do now: the service waits as Tesla asked; if it recurs, read the car "
           "less often (collector.vehicle_refresh_s)";
  }
  if (status == 401) {
    return "Renew the Fleet API token (vehicle.fleet_token_file, or the refresh token in "
           "vehicle.fleet_refresh_token_file), then restart the service";
  }
  return "Fix the account in the Tesla app or developer portal (pair the virtual key, grant "
         "the vehicle command scopes, check the subscription), then restart the service";
}

Verdict tesla_refusing(const PassFacts& f) {
  if (!f.tesla) return inactive();
  const TeslaRefusal& t = *f.tesla;
  std::string message =
      t.status > 0 ? "Tesla answered " + std::to_string(t.status) : "Tesla refuses commands";
  if (!t.reason.empty()) message += ": " + t.reason;
  message += t.until ? "; no request is sent before " + format_utc(*t.until)
                     : "; no command is sent until the owner acts";
  return active(AlertKind::TeslaRefusing, f.now, message, tesla_action(t.status));
}

Verdict wake_budget(const PassFacts& f) {
  if (f.end != PassEnd::Decided) return unknown();
  if (!f.wake_budget_spent) return inactive();
  const std::string state = f.vehicle ? to_string(f.vehicle->state) : "asleep";
  return active(AlertKind::WakeBudgetSpent, f.now,
                "the car is " + state + " and needs a command, but the wake budget (" +
                    f.wake_budget + ") is spent: nothing is sent until a wake-up is free again",
                "Wake the car from the Tesla app if it must charge now, or raise "
                "vehicle.max_wakes_per_hour / vehicle.max_wakes_per_day (each wake is billed)");
}

// The car wants energy: plugged in, below its limit, not finished.
bool car_wants_energy(const VehicleReading& car) {
  if (car.charging_state == ChargingState::Disconnected) return false;
  if (car.charging_state == ChargingState::Complete) return false;
  return car.charge_limit_soc <= 0 || car.battery_level < car.charge_limit_soc;
}

Verdict powerwall_floor(const PassFacts& f) {
  if (f.end != PassEnd::Decided || !f.powerwall || !f.vehicle) return unknown();
  const PowerwallReading& pw = *f.powerwall;
  const double reserve = pw.backup_reserve_percent;
  const bool at_floor = pw.percentage_charged <= reserve + kFloorMarginPercent;
  if (!at_floor || !car_wants_energy(*f.vehicle)) return inactive();
  return active(AlertKind::PowerwallFloor, f.now,
                "the Powerwall is at " + percent(pw.percentage_charged) + " (its reserve " +
                    percent(reserve) + ") while the car, at " + percent(f.vehicle->battery_level) +
                    " of " + percent(f.vehicle->charge_limit_soc) +
                    ", wants energy: it charges from solar surplus only",
                "Nothing is broken: charging goes on when the sun gives a surplus; choose the "
                "fast mode if the car must charge from the grid now, or lower the backup reserve "
                "in the Tesla app");
}

Verdict grid_outage(const PassFacts& f) {
  if (f.end != PassEnd::Decided || !f.powerwall) return unknown();
  auto why = grid_down_because(*f.powerwall);
  if (!why) return inactive();
  return active(AlertKind::GridOutage, f.now,
                "the grid is down (" + *why + "): the house runs on the Powerwall, at " +
                    percent(f.powerwall->percentage_charged) +
                    ", and the car charges only above the off-grid reserve",
                "Save energy until the grid returns; check the utility's outage map; the service "
                "resumes normal charging by itself");
}

Verdict judge(AlertKind kind, const PassFacts& f) {
  switch (kind) {
    case AlertKind::CollectorStale:
      return collector_stale(f);
    case AlertKind::TeslaRefusing:
      return tesla_refusing(f);
    case AlertKind::WakeBudgetSpent:
      return wake_budget(f);
    case AlertKind::PowerwallFloor:
      return powerwall_floor(f);
    case AlertKind::GridOutage:
      return grid_outage(f);
    case AlertKind::DatabaseDown:
      return database_down(f);
  }
  return unknown();
}

const Alert* find(const std::vector<Alert>& alerts, AlertKind kind) {
  for (const auto& a : alerts) {
    if (a.kind == kind) return &a;
  }
  return nullptr;
}

}  // namespace

std::string to_string(AlertKind kind) {
  switch (kind) {
    case AlertKind::CollectorStale:
      return "collector_stale";
    case AlertKind::TeslaRefusing:
      return "tesla_refusing";
    case AlertKind::WakeBudgetSpent:
      return "wake_budget_spent";
    case AlertKind::PowerwallFloor:
      return "powerwall_floor";
    case AlertKind::GridOutage:
      return "grid_outage";
    case AlertKind::DatabaseDown:
      return "database_down";
  }
  return "unknown";
}

const std::vector<AlertKind>& alert_kinds() {
  static const std::vector<AlertKind> kinds = {
      AlertKind::CollectorStale, AlertKind::TeslaRefusing, AlertKind::WakeBudgetSpent,
      AlertKind::PowerwallFloor, AlertKind::GridOutage,    AlertKind::DatabaseDown};
  return kinds;
}

AlertStep step_alerts(const AlertState& previous, const PassFacts& facts) {
  AlertStep step;
  for (AlertKind kind : alert_kinds()) {
    const Alert* before = find(previous.active, kind);
    const Verdict v = judge(kind, facts);
    if (!v.known) {
      if (before != nullptr) step.next.active.push_back(*before);
      continue;
    }
    if (!v.alert) {
      if (before != nullptr) step.cleared.push_back(*before);
      continue;
    }
    Alert now = *v.alert;
    if (before != nullptr) {
      now.since = before->since;
    } else {
      step.started.push_back(now);
    }
    step.next.active.push_back(std::move(now));
  }
  return step;
}

}  // namespace p15
