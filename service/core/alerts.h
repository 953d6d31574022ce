#pragma once
// The owner's alerts: from what one pass of the decision cycle saw, which problems are active,
// since when, and which started or cleared with this pass. Pure: no I/O, no clock; the caller
// passes the pass's time and keeps the AlertState between passes.
//
// An alert is judged only on what the pass could see: a pass refused before a decision (rows
// stale, the database down) says nothing about the Powerwall or the grid, so those alerts keep
// their previous state instead of clearing and starting again (one notification each, not two
// per database hiccup).
#include <optional>
#include <string>
#include <vector>

#include "service/core/types.h"

namespace p15 {

enum class AlertKind {
  CollectorStale,   // the collector's rows too old to trust, or none
  TeslaRefusing,    // Tesla answered 429, 401 or 403 (402, 412): commands held back
  WakeBudgetSpent,  // a needed command for a sleeping car, no wake-up left in the budget
  PowerwallFloor,   // the Powerwall at its reserve while the car wants energy
  GridOutage,       // islanded (service/core/outage.h)
  DatabaseDown,     // MariaDB did not answer
};

// The stable ids of the API, the metrics' labels and the notifications ("collector_stale").
std::string to_string(AlertKind kind);
const std::vector<AlertKind>& alert_kinds();

struct Alert {
  AlertKind kind = AlertKind::CollectorStale;
  TimePoint since{};    // UTC, the first pass that saw it
  std::string message;  // what is wrong, with figures
  std::string action;   // what the owner should do
};

// How the pass ended, in the terms the rules need.
enum class PassEnd {
  Decided,       // a decision was recorded (commands may still have failed)
  Stale,         // a row (or a part of it) too old, or stamped in the future
  NoData,        // no rows yet
  Invalid,       // a malformed row: the collector writes, but nothing trustworthy
  DatabaseDown,  // the database did not answer
  Failed,        // anything else: nothing is known about the rows
};

// Tesla's refusal still in force (the Commander's latch or rate limit).
struct TeslaRefusal {
  int status = 0;      // 429, 401, 403, 402, 412; 0: unknown (an unpaired key, the proxy's 500)
  std::string reason;  // Tesla's reason or what the service made of it
  std::optional<TimePoint> until;  // 429: when the service asks again
};

// Everything one pass saw that an alert is judged on.
struct PassFacts {
  TimePoint now{};
  PassEnd end = PassEnd::Failed;
  std::string refusal;  // the refused pass's message (names the table, row, age and limit)
  // The rows the decision was made on (end == Decided).
  std::optional<PowerwallReading> powerwall;
  std::optional<VehicleReading> vehicle;
  std::optional<TeslaRefusal> tesla;  // known on every pass
  // A command was needed for a sleeping car and the budget had no wake-up left (Decided only).
  bool wake_budget_spent = false;
  std::string wake_budget;  // "3/h, 3/day"
};

// The alerts active after the last pass, in alert_kinds() order.
struct AlertState {
  std::vector<Alert> active;
};

struct AlertStep {
  AlertState next;
  std::vector<Alert> started;  // new with this pass
  std::vector<Alert> cleared;  // active before, gone with this pass (as they last were)
};

// Percentage points above the reserve still counted as "at the reserve": the Powerwall stops
// discharging about there and reports a whole percent.
inline constexpr double kFloorMarginPercent = 1.0;

// The next state and what changed. An alert that stays active keeps its `since` and takes this
// pass's message (the figures move); one the pass cannot judge keeps its previous state.
AlertStep step_alerts(const AlertState& previous, const PassFacts& facts);

}  // namespace p15
