#pragma once
// The planner policy: a rolling-horizon linear program (planner_lp.h) over the outlook's hours
// decides how much the car takes each hour and what the Powerwall does; between solves the car
// follows the plan with the smart policy's hysteresis (smart_pacing.h), and takes on top what
// the home would export now. With `steer_powerwall` the plan's Powerwall flows become the
// levers Tesla gives (domain.md 6a), never a power setpoint:
// - the plan charges from the grid: the reserve raised to the plan's level, grid charging on;
// - the plan exports from the battery in an hour that pays more for export than for import:
//   Time-Based Control with battery export (which empties the battery in such peak hours);
// - the plan keeps the battery while the home draws: the reserve raised to the plan's level at
//   the hour's end, at most the battery's level now (hold: it gives what the plan has it give);
// - otherwise the owner's settings.
// At most max_settings_per_day settings requests a local day, always keeping enough to restore
// the owner's settings, and never a reserve below the owner's.
//
// Replans every `replan`, and at once when the car is plugged in or out or the departure
// changes. Without an outlook (none wired, none learned yet) and in the modes off and fast it
// decides as the smart policy (and restores the owner's settings). Pure: the plan and the count
// of settings changes live in PolicyMemory::planner.
#include <chrono>
#include <string>
#include <vector>

#include "service/core/planner_lp.h"
#include "service/core/planner_settings.h"
#include "service/core/policy.h"
#include "service/core/smart_policy.h"

namespace p15 {

// What the planner asks of the Powerwall.
enum class Lever { Owner, Hold, GridCharge, BatteryExport };
std::string to_string(Lever l);  // owner, hold, grid-charge, battery-export

struct LeverAsk {
  Lever lever = Lever::Owner;
  SiteSettings settings;
};

struct PlannerMemory {
  TimePoint made_at{};
  bool plugged = false;
  std::optional<TimePoint> departure;
  std::vector<OutlookHour> hours;  // the periods planned
  std::vector<PlanPeriod> plan;    // empty when the last solve failed
  std::string status = "no plan";
  std::string source;                 // the outlook's
  std::optional<SiteSettings> asked;  // the settings last asked for; nullopt: the owner's
  Lever lever = Lever::Owner;         // what they were asked for
  // The clock hour the lever was last chosen in: a replan within it (replan < 1 h) moves the
  // car's plan, not the levers, unless the car or its departure changed.
  std::optional<TimePoint> lever_hour;
  long long day = -1;      // the home's local day of the count below (local_day_number)
  int settings_today = 0;  // settings requests asked for that day
};

// The lever for one planned period, before the daily budget: the owner's settings, a hold at
// `soc_percent`, a grid charge to the plan's level, or battery export.
// Whether the hours ahead let the Powerwall earn: import prices that vary, or a battery-export
// hour.
bool arbitrage_possible(const std::vector<OutlookHour>& hours);
LeverAsk lever_for(const PlannerSettings& st, const OutlookHour& hour, const PlanPeriod& p,
                   double capacity_wh, double soc_percent);

class PlannerPolicy final : public Policy {
 public:
  explicit PlannerPolicy(PlannerSettings settings)
      : settings_(std::move(settings)), smart_(settings_.smart) {}
  std::string name() const override { return "planner"; }
  Decision decide(const Snapshot& snapshot) const override;
  const PlannerSettings& settings() const { return settings_; }

 private:
  Decision plan_car(const Snapshot& s, const PlannerMemory& m, std::size_t i) const;
  PlannerSettings settings_;
  SmartPolicy smart_;
};

}  // namespace p15
