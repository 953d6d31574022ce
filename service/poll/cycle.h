#pragma once
// One pass of the data path: Store -> Snapshot -> Policy -> Decision -> record -> Commander.
// The poller and the HTTP endpoints all call these; there is no second way to decide.
#include <functional>
#include <mutex>
#include <optional>

#include "service/clock/clock.h"
#include "service/clock/home_clock.h"
#include "service/core/battery_status.h"
#include "service/core/charge_session.h"
#include "service/core/energy_ledger.h"
#include "service/core/home_view.h"
#include "service/core/outlook.h"
#include "service/core/owner_override.h"
#include "service/core/policy.h"
#include "service/metrics/metrics.h"
#include "service/poll/cycle_result.h"
#include "service/site/steward.h"
#include "service/store/store.h"
#include "service/vehicle/commander.h"

namespace p15 {

struct BatteryStatusReading {
  BatteryStatus status;
  std::int64_t row_id = 0;
  long long age_s = 0;
};

struct RecordedDecision {
  Decision decision;
  Snapshot snapshot;
  std::int64_t record_id = 0;  // smart_charger_model.id
};

struct ManageResult {
  RecordedDecision recorded;
  CommandPlan plan;
  CommandReport report;
};

// The cost ledger's sums as of `now`, for GET /savings.
struct SavingsNow {
  SavingsTotals totals;
  SavingsPeriods periods;  // today, this month and this year, in the tariff's zone
  TimePoint now{};
  std::string tariff;  // the tariff's name
  std::string zone;    // its zone's name
};

// The home a cycle decides for: whose charge mode to read, in which zone its departure's local
// time of day lies, and the clock the policy decides on.
struct HomeSettings {
  std::string vin;             // vehicle.vin; empty: the VIN in the newest vehicle row
  LocalZone zone;              // the tariff's zone (the composition root sets it)
  HomeClock* clock = nullptr;  // nullptr: the Cycle's own clock
  // Set: the plan at `now` comes from here instead of the stored charge mode. The backtest's
  // owner knows each trip's departure, which a daily time of day cannot say (a weekend).
  std::function<ChargePlan(TimePoint now)> plan;
  // Called after a command or a wake-up went to the car (the collector's fresh read).
  std::function<void()> after_commands;
  // Set: fed every trusted snapshot, and its outlook goes to the policy (the planner's).
  OutlookSource* outlook = nullptr;
  // Set (powerwall.steer): after each managed decision it gets the settings the policy asks of
  // the energy site, and it hears of every cycle without a trusted decision.
  SiteSteward* site = nullptr;
  // Set: hears how every manage() pass ended, refused ones included (the alert monitor), under
  // the Cycle's lock so passes arrive in order. Must not block: it runs on the cycle's thread.
  std::function<void(const Result<ManageResult>&)> after_pass;
};

class Cycle {
 public:
  // `clock` is real time: row ages are measured on it. The policy's `now` comes from
  // `home.clock` (the simulator's when the service runs against p15-sim).
  Cycle(Store& store, const Policy& policy, Commander& commander, Clock& clock, Metrics& metrics,
        Seconds stale_after, HomeSettings home = {}, LedgerSettings ledger = {},
        Seconds charge_state_max_age = Seconds{900});

  // Newest Powerwall row as Charging / Discharging / Standby (refused when stale).
  Result<BatteryStatusReading> battery();
  // Reads the newest rows, refuses untrusted data, decides and records one decision.
  Result<RecordedDecision> decide_and_record();
  // decide_and_record, then the commands the decision needs, sent through the Commander.
  Result<ManageResult> manage();
  // One poll-loop pass: manage, then the battery status of the same rows (logged).
  CycleResult run_once();
  // The ledger's sums for today, this month, this year and all time, on the Cycle's clock.
  Result<SavingsNow> savings_now();

  const Policy& policy() const { return policy_; }
  // Why the service is not steering the car (the owner took over), if it is not.
  std::optional<std::string> owner_override();
  // Steer again from the next cycle; false when there was no override.
  bool resume_steering();
  const LedgerSettings& ledger_settings() const { return ledger_; }
  // The last recorded decision (for the owner's page); nullopt before the first.
  std::optional<LastDecision> last_decision() const;

 private:
  void log_manage(const RecordedDecision& r, const CommandPlan& plan, const CommandReport& report);
  void note_owner(Decision& decision, const VehicleReading& car);
  Steering steering_;        // the owner's hand on the car, under mutex_
  std::string last_logged_;  // log_manage's last decision at info
  Result<Snapshot> read_snapshot();
  Status check_part(const char* table, std::int64_t row_id, const std::string& part,
                    TimePoint part_time, Seconds limit, const char* setting);
  Result<TimePoint> home_now();
  bool charge_state_too_old(const VehicleReading& car) const;
  Result<ChargePlan> read_plan(const std::string& row_vin, TimePoint now);
  template <class T>
  Result<T> check_row(const Result<T>& row, const char* table);
  Result<RecordedDecision> decide_locked();
  Result<ManageResult> manage_locked();
  void note_wake_budget(Decision& decision, const Snapshot& snapshot) const;
  void count_report(const CommandReport& report);
  void record_ledger(std::int64_t decision_id, const std::string& policy, const Snapshot& s);

  Store& store_;
  const Policy& policy_;
  Commander& commander_;
  Clock& clock_;
  Metrics& metrics_;
  Seconds stale_after_;
  Seconds charge_state_max_age_;  // poll.charge_state_max_age_s
  HomeSettings home_;
  std::mutex mutex_;     // one decision cycle at a time, whoever asks
  PolicyMemory memory_;  // what the last decision asked to remember (timers of delayed policies)
  const LedgerSettings ledger_;
  LedgerState ledger_state_;       // the cost ledger's previous cycle and plug-in session
  mutable std::mutex last_mutex_;  // apart from mutex_: a wake-up holds that one for seconds
  std::optional<LastDecision> last_;
  SessionState session_state_;  // the plug-in session of the last ledger row written
  SentToCar unrecorded_sent_;   // commands and wake-ups no ledger row has carried yet
};

}  // namespace p15
