#pragma once
// What the owner's page shows live (GET {application_root}/home/state and each /events push):
// the power flow, the Powerwall, the car, its charge mode and the current decision in plain
// words, from the newest rows and the last decision. Pure: the caller reads the rows, the clock
// and the stored mode, and maps the view to JSON.
#include <optional>
#include <string>

#include "service/core/charge_plan.h"
#include "service/core/smart_settings.h"
#include "service/core/types.h"

namespace p15 {

// The last decision the service recorded, with when (real time) it was made.
struct LastDecision {
  Decision decision;
  TimePoint decided_at{};
  std::int64_t record_id = 0;
};

struct HomeInputs {
  std::optional<PowerwallReading> powerwall;  // the newest row, trusted or not
  std::optional<VehicleReading> vehicle;
  std::optional<LastDecision> last;
  ChargeModeSetting mode;                    // stored, or the policy's default
  std::optional<TimePoint> mode_updated_at;  // nullopt: `mode` is the default (none stored)
  TimePoint now{};                           // real time, for the rows' ages
  Seconds stale_after{120};                  // poll.stale_after_s: older rows are shown as stale
};

// Power in W with Tesla's signs: powerwall_w > 0 discharging, grid_w > 0 importing. house_w is
// the home without the car, so solar + powerwall + grid = house + car (up to the meters' error).
struct PowerFlow {
  double solar_w = 0, house_w = 0, powerwall_w = 0, grid_w = 0, car_w = 0;
};

struct PowerwallView {
  double soc_percent = 0;
  double reserve_percent = 0;
  double power_w = 0;
  bool at_floor = false;                   // within a point of the reserve, not charging
  std::optional<std::string> grid_status;  // "Active", "Inactive" (islanded), ...
};

struct CarView {
  std::string vin;
  int amps = 0;
  double kw = 0;
  double soc_percent = 0;
  double charge_limit_percent = 0;
  bool plugged_in = false;
  std::string state;           // online / asleep / offline / unknown
  bool asleep = false;         // asleep or offline: a command needs a wake-up first
  std::string charging_state;  // Charging, Stopped, Disconnected, ...
};

struct DecisionView {
  int amps = 0;
  std::string intent;
  std::string policy;
  std::string reason;       // as recorded
  std::string explanation;  // in plain words for the owner
  TimePoint decided_at{};
  std::int64_t record_id = 0;
};

struct HomeView {
  TimePoint at{};
  bool has_powerwall = false, has_vehicle = false;
  long long powerwall_age_s = 0, vehicle_age_s = 0;
  bool stale = false;  // a row older than stale_after (or none): the service will not act on it
  PowerFlow flow;
  PowerwallView powerwall;
  CarView car;
  ChargeModeSetting mode;
  std::optional<TimePoint> mode_updated_at;
  double target_soc = 0;                      // what the car charges to
  std::optional<long long> time_to_target_s;  // at the current draw, while charging
  std::optional<DecisionView> decision;
};

HomeView home_view(const HomeInputs& in, const SmartSettings& settings);

// The decision in the owner's words: "waiting for 1.2 kW more surplus", "holding: the Powerwall
// is at its floor", "charging at 16 A (3.8 kW) from surplus solar". Falls back to the recorded
// reason when no rule below says it better.
std::string explain(const Decision& decision, const VehicleReading& car,
                    const std::optional<PowerwallReading>& powerwall,
                    const SmartSettings& settings);

}  // namespace p15
