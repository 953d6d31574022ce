#include "service/poll/cycle.h"

#include <spdlog/spdlog.h>

#include "service/core/charge_plan.h"
#include "service/core/command_plan.h"
#include "service/core/freshness.h"
#include "service/core/time_text.h"

namespace p15 {

std::string to_string(CycleResult r) {
  switch (r) {
    case CycleResult::Ok:
      return "ok";
    case CycleResult::Stale:
      return "stale";
    case CycleResult::Invalid:
      return "invalid";
    case CycleResult::NoData:
      return "no_data";
    case CycleResult::DbError:
      return "db_error";
    case CycleResult::CommandFailed:
      return "command_failed";
    case CycleResult::Error:
      return "error";
  }
  return "error";
}

CycleResult result_of(const Error& error) {
  switch (error.kind) {
    case ErrorKind::Stale:
      return CycleResult::Stale;
    case ErrorKind::Invalid:
      return CycleResult::Invalid;
    case ErrorKind::NotFound:
      return CycleResult::NoData;
    case ErrorKind::Unavailable:
      return CycleResult::DbError;
  }
  return CycleResult::Invalid;
}

Cycle::Cycle(Store& store, const Policy& policy, Commander& commander, Clock& clock,
             Metrics& metrics, Seconds stale_after, HomeSettings home, LedgerSettings ledger,
             Seconds charge_state_max_age)
    : store_(store),
      policy_(policy),
      commander_(commander),
      clock_(clock),
      metrics_(metrics),
      stale_after_(stale_after),
      charge_state_max_age_(charge_state_max_age),
      home_(std::move(home)),
      ledger_(std::move(ledger)) {}

namespace {

// "mode=plan departure=2016-06-16T14:00:00Z target_soc=80", or "mode=default" without a plan.
std::string describe_plan(const ChargePlan& plan) {
  if (!plan.mode) return "mode=default";
  std::string out = "mode=" + to_string(*plan.mode);
  if (plan.departure) out += " departure=" + format_utc(*plan.departure);
  if (plan.target_soc) out += " target_soc=" + std::to_string(static_cast<int>(*plan.target_soc));
  return out;
}

}  // namespace

template <class T>
Result<T> Cycle::check_row(const Result<T>& row, const char* table) {
  if (!row.ok()) {
    if (row.error().kind == ErrorKind::Unavailable) metrics_.db_error();
    if (row.error().kind == ErrorKind::Invalid) metrics_.invalid_row(table);
    return row.error();
  }
  TimePoint now = clock_.now();
  metrics_.data_age(table, static_cast<double>(age_s(row->row_time, now)));
  Status fresh = check_fresh(table, row->row_id, row->row_time, now, stale_after_);
  if (!fresh.ok()) {
    metrics_.stale_row(table);
    return fresh.error();
  }
  return row;
}

Result<BatteryStatusReading> Cycle::battery() {
  auto pw = check_row(store_.newest_powerwall(), "battery_model");
  if (!pw.ok()) return pw.error();
  return BatteryStatusReading{battery_status(*pw), pw->row_id, age_s(pw->row_time, clock_.now())};
}

Status Cycle::check_part(const char* table, std::int64_t row_id, const std::string& part,
                         TimePoint part_time, Seconds limit, const char* setting) {
  Status fresh = check_part_fresh(table, row_id, part, part_time, clock_.now(), limit, setting);
  if (!fresh.ok()) metrics_.stale_row(table);
  return fresh;
}

// A fresh row can carry old parts: the collector writes a row every pass, with the last
// Powerwall reading and charge state it has. Amps are never computed from either when old.
Result<Snapshot> Cycle::read_snapshot() {
  auto pw = check_row(store_.newest_powerwall(), "battery_model");
  if (!pw.ok()) return pw.error();
  if (auto st =
          check_part("battery_model", pw->row_id, "the Powerwall's reading",
                     pw->reading_time.value_or(pw->row_time), stale_after_, "poll.stale_after_s");
      !st) {
    return st.error();
  }
  auto car = check_row(store_.newest_vehicle(), "vehicle_model");
  if (!car.ok()) return car.error();
  // An asleep car's last charge state may be old: its plug state still judges whether a wake
  // is worth it, and manage() then only wakes it (charge_state_too_old).
  if (!asleep_or_offline(car->state)) {
    if (auto st = check_part("vehicle_model", car->row_id, "the charge state",
                             car->charge_state_time.value_or(car->row_time), charge_state_max_age_,
                             "poll.charge_state_max_age_s");
        !st) {
      return st.error();
    }
  }
  metrics_.charger_actual_current(car->charger_actual_current);
  auto now = home_now();
  if (!now.ok()) return now.error();
  auto plan = read_plan(car->vin, *now);
  if (!plan.ok()) return plan.error();
  Snapshot snapshot{*pw, *car, *now, memory_, *plan};
  if (home_.outlook != nullptr) {
    home_.outlook->observe(snapshot);
    snapshot.outlook = home_.outlook->outlook(*now);
  }
  return snapshot;
}

bool Cycle::charge_state_too_old(const VehicleReading& car) const {
  return age_s(car.charge_state_time.value_or(car.row_time), clock_.now()) >
         charge_state_max_age_.count();
}

Result<TimePoint> Cycle::home_now() {
  if (home_.clock == nullptr) return clock_.now();
  return home_.clock->now();
}

// The owner's charge mode is an input like the rows: unreadable means no decision, never a
// decision on a guess.
Result<ChargePlan> Cycle::read_plan(const std::string& row_vin, TimePoint now) {
  if (home_.plan) return home_.plan(now);
  const std::string& vin = home_.vin.empty() ? row_vin : home_.vin;
  if (vin.empty()) return ChargePlan{};  // no car named anywhere: the policy's own settings
  auto stored = store_.read_charge_plan(vin);
  if (!stored.ok()) {
    if (stored.error().kind == ErrorKind::Unavailable) metrics_.db_error();
    if (stored.error().kind == ErrorKind::Invalid) metrics_.invalid_row("p15_charge_plan");
    return stored.error();
  }
  if (!stored->has_value()) return ChargePlan{};
  return charge_plan_for((*stored)->setting, home_.zone, now);
}

namespace {

// Said once per refusal, whoever asked (the poll loop or an HTTP call): a degraded mode is a log
// line plus a counter, never silence.
Error refused(const Error& e) {
  spdlog::warn("cycle refused ({}): {}", to_string(result_of(e)), e.message);
  return e;
}

}  // namespace

// A decision that needs commands for a sleeping car, with no wake-up left in the budget, will not
// reach the car: the recorded reason says so, so the owner sees why the car did not start.
void Cycle::note_wake_budget(Decision& decision, const Snapshot& s) const {
  const VehicleState state = s.vehicle.state;
  if (!asleep_or_offline(state)) return;
  if (plan_commands(decision, s.vehicle).commands.empty()) return;
  if (!commander_.settings().wake_before_commands || commander_.wake_available()) return;
  decision.reason += "; not sent: the car is " + to_string(state) + " and the wake budget (" +
                     commander_.wake_budget_text() + ") is spent";
  spdlog::warn("vehicle {}: wanted commands skipped, wake budget ({}) spent", to_string(state),
               commander_.wake_budget_text());
}

// The owner's hand on the car (service/core/owner_override.h): said in the decision's reason, and
// manage() then sends nothing for the rest of the plug-in session.
void Cycle::note_owner(Decision& decision, const VehicleReading& car) {
  const SteeringStep step = observe_car(steering_, car, clock_.now());
  steering_ = step.next;
  if (step.overridden_now) {
    spdlog::warn(
        "owner override: {}; the service stops steering this car until it is unplugged "
        "or POST /resume-steering",
        *steering_.override_reason);
  }
  if (step.resumed_now) spdlog::info("owner override ended: the car was unplugged; steering again");
  if (steering_.override_reason) {
    decision.reason += "; not sent: " + *steering_.override_reason +
                       "; steering resumes when the car is unplugged or on POST /resume-steering";
  }
}

std::optional<std::string> Cycle::owner_override() {
  std::lock_guard lock(mutex_);
  return steering_.override_reason;
}

bool Cycle::resume_steering() {
  std::lock_guard lock(mutex_);
  const bool was = steering_.override_reason.has_value();
  steering_ = p15::resume_steering(steering_);
  if (was) spdlog::info("owner override ended by POST /resume-steering: steering again");
  return was;
}

Result<RecordedDecision> Cycle::decide_locked() {
  auto snapshot = read_snapshot();
  if (!snapshot.ok()) return refused(snapshot.error());
  Decision decision = policy_.decide(*snapshot);
  note_owner(decision, snapshot->vehicle);
  note_wake_budget(decision, *snapshot);
  // Unrecorded means untraceable, and the companion reads amps from this table: no record, no act.
  auto id = store_.record_decision(decision, snapshot->now);
  if (!id.ok()) {
    metrics_.db_error();
    return refused(id.error());
  }
  // Remembered only once recorded: an unrecorded decision did not happen.
  memory_ = decision.memory;
  metrics_.decision(decision.policy, decision.amps);
  // At debug: manage() logs the decision with what was sent, once per change.
  spdlog::debug("decision policy={} {} amps={} intent={} record_id={} reason=\"{}\"",
                decision.policy, describe_plan(snapshot->plan), decision.amps,
                to_string(decision.intent), *id, decision.reason);
  record_ledger(*id, decision.policy, *snapshot);
  {
    std::lock_guard last(last_mutex_);
    last_ = LastDecision{decision, clock_.now(), *id};
  }
  return RecordedDecision{std::move(decision), *snapshot, *id};
}

// The ledger only reports what the car's energy cost; it decides nothing. So a row that cannot be
// written is logged and counted, and the decision (already recorded, which is what the companion
// and the audit trail need) still gets its commands: holding them back would leave the car
// charging or stopped against the decision for the sake of a report. The interval stays open
// instead, and the next row covers it (up to savings.max_gap_s).
// The row's plug-in session (service/core/charge_session.h) goes in the row's transaction, with
// what manage() sent since the last row written: kept until a row carries it.
void Cycle::record_ledger(std::int64_t decision_id, const std::string& policy, const Snapshot& s) {
  const LedgerStep step = account_cycle(ledger_state_, s, ledger_);
  const std::string& vin = s.vehicle.vin.empty() ? home_.vin : s.vehicle.vin;
  const SessionStep session = track_session(session_state_, step, vin, unrecorded_sent_);
  auto row = store_.record_ledger(decision_id, policy, step.entry, session.deltas);
  if (!row.ok()) {
    metrics_.ledger_write_failed();
    spdlog::warn("ledger row for decision {} not written: {}", decision_id, row.error().message);
    return;
  }
  ledger_state_ = step.next;
  session_state_ = session.next;
  unrecorded_sent_ = {};
  metrics_.ledger_entry(step.entry);
  spdlog::debug(
      "ledger row={} decision={} car_kwh={:.4f} solar={:.4f} powerwall={:.4f} "
      "grid={:.4f} cost={:.4f} baseline={:.4f}",
      *row, decision_id, step.entry.car_kwh, step.entry.solar_kwh, step.entry.powerwall_kwh,
      step.entry.grid_kwh, step.entry.cost, step.entry.baseline_cost);
}

std::optional<LastDecision> Cycle::last_decision() const {
  std::lock_guard lock(last_mutex_);
  return last_;
}

Result<RecordedDecision> Cycle::decide_and_record() {
  std::lock_guard lock(mutex_);
  return decide_locked();
}

void Cycle::count_report(const CommandReport& report) {
  for (const auto& a : report.attempts) metrics_.command(a.kind, a.outcome == Outcome::Done);
  for (int i = 0; i < report.wakes; ++i) metrics_.wake_up();
  // For the plug-in session's line, written with the next ledger row.
  unrecorded_sent_.commands += static_cast<long long>(report.attempts.size());
  unrecorded_sent_.wake_ups += report.wakes;
}

// One line when the decision changes (policy, amps, intent, action) or something was sent; the
// same decision again, with nothing sent, only at debug: a quiet hour is not sixty lines.
void Cycle::log_manage(const RecordedDecision& r, const CommandPlan& plan,
                       const CommandReport& report) {
  const Decision& d = r.decision;
  const std::string key = d.policy + "|" + std::to_string(d.amps) + "|" + to_string(d.intent) +
                          "|" + to_string(plan.action) + "|" + std::to_string(report.done);
  const bool sent = !report.attempts.empty() || report.wakes > 0;
  const auto level = sent || key != last_logged_ ? spdlog::level::info : spdlog::level::debug;
  last_logged_ = key;
  spdlog::log(level,
              "manage action={} commands={} wakes={} done={} policy={} amps={} intent={} "
              "record_id={} reason=\"{}\" result=\"{}\"",
              to_string(plan.action), plan.commands.size(), report.wakes, report.done, d.policy,
              d.amps, to_string(d.intent), r.record_id, d.reason, report.summary);
}

Result<ManageResult> Cycle::manage() {
  std::lock_guard lock(mutex_);
  Result<ManageResult> result = manage_locked();
  if (home_.after_pass) home_.after_pass(result);
  return result;
}

Result<ManageResult> Cycle::manage_locked() {
  auto recorded = decide_locked();
  if (!recorded.ok()) {
    if (home_.site != nullptr) home_.site->failed(clock_.now());
    return recorded.error();
  }
  if (home_.site != nullptr) {
    const Snapshot& s = recorded->snapshot;
    home_.site->cycle(recorded->decision.site, s.powerwall, s.now, clock_.now());
  }
  const VehicleReading& car = recorded->snapshot.vehicle;
  CommandPlan plan = plan_commands(recorded->decision, car);
  if (steering_.override_reason) {
    plan = CommandPlan{PlanAction::None, {}, "the owner took over: nothing sent"};
  }
  CommandReport report = commander_.execute(plan, car.state, charge_state_too_old(car));
  count_report(report);
  for (const auto& a : report.attempts) {
    if (a.outcome == Outcome::Done) steering_ = after_command(steering_, clock_.now());
  }
  if ((!report.attempts.empty() || report.wakes > 0) && home_.after_commands) {
    home_.after_commands();
  }
  metrics_.tesla_rate_limited_until(commander_.rate_limited_until());
  log_manage(*recorded, plan, report);
  return ManageResult{*recorded, std::move(plan), std::move(report)};
}

CycleResult Cycle::run_once() {
  // One read of each row per cycle: a second read for the battery status would also count a
  // refused row twice.
  auto result = manage();
  if (!result.ok()) return result_of(result.error());  // decide_locked logged why
  BatteryStatus status = battery_status(result->recorded.snapshot.powerwall);
  spdlog::debug("battery status={} power_w={} percent={}", status.status, status.power_w,
                status.percent);
  return result->report.done ? CycleResult::Ok : CycleResult::CommandFailed;
}

Result<SavingsNow> Cycle::savings_now() {
  // The ledger's rows are stamped on the home's clock (the simulator's, against p15-sim), so its
  // days and months are too; the real clock when the home's does not answer.
  const Result<TimePoint> home_time = home_now();
  const TimePoint now = home_time.ok() ? *home_time : clock_.now();
  const Tariff& tariff = ledger_.tariff;
  const SavingsPeriods periods = savings_periods(tariff.import_price.zone, now);
  auto totals = store_.savings_totals(periods);
  if (!totals.ok()) {
    if (totals.error().kind == ErrorKind::Unavailable) metrics_.db_error();
    return totals.error();
  }
  return SavingsNow{*totals, periods, now, tariff.name, tariff.import_price.zone.name};
}

}  // namespace p15
