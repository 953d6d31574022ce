#pragma once
// Plain structs of the domain. Power in W, energy in Wh, current in A, time in UTC.
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "service/core/site_settings.h"

namespace p15 {

struct Outlook;        // outlook.h: the hours ahead, forecast and priced
struct PlannerMemory;  // planner_policy.h: the plan being followed

using Seconds = std::chrono::seconds;
using TimePoint = std::chrono::sys_seconds;  // UTC, one-second resolution like the DB rows

// The battery_model row shapes (domain.md section 3): Legacy, TeslaPy's get_battery_data
// (power_reading[], backup{}); Current, the Fleet API's flat live_status + site_info with
// energy_left and total_pack_energy, as before March 2024; LiveStatus, the same flat shape as
// Tesla answers today: percentage_charged only, the capacity from site_info's nameplate_energy.
enum class PowerwallShape { Legacy, Current, LiveStatus };

// One battery_model row, parsed. Signs as Tesla reports them:
// battery_w > 0 discharging, grid_w > 0 importing, load_w includes the car while it charges.
struct PowerwallReading {
  std::int64_t row_id = 0;
  TimePoint row_time{};
  PowerwallShape shape = PowerwallShape::Current;
  double solar_w = 0;
  double load_w = 0;
  double battery_w = 0;
  double grid_w = 0;
  double generator_w = 0;
  double energy_left_wh = 0;
  double total_pack_energy_wh = 0;
  double percentage_charged = 0;
  double backup_reserve_percent = 0;
  // live_status' grid_status ("Active", "Inactive" while islanded, "Transition") and
  // island_status ("on_grid", "off_grid", "off_grid_intentional", "off_grid_unintentional");
  // nullopt when the row leaves them out (service/core/outage.h reads them).
  std::optional<std::string> grid_status;
  std::optional<std::string> island_status;
  // site_info's floor for charging a car while the grid is down, when the collector merged it.
  std::optional<double> off_grid_vehicle_charging_reserve_percent;
  // site_info's operation mode as the collector merged it ("self_consumption", "autonomous").
  std::optional<std::string> default_real_mode;
  // When the Powerwall's reading was taken (UTC): the row's time minus the row's "age_s";
  // nullopt: as old as the row (the row does not say).
  std::optional<TimePoint> reading_time;
};

// The Wall Connector Gen 3's local /api/1/vitals, as the collector merged it into the vehicle row.
struct WallConnectorVitals {
  TimePoint read_at{};  // UTC: the row's time minus the part's "age_s" (the row's time without)
  bool vehicle_connected = false;
  bool contactor_closed = false;
  double vehicle_current_a = 0;
  double grid_v = 0;
  long long session_s = 0;
};

enum class ChargingState { Disconnected, Stopped, Starting, Charging, Complete, NoPower };

// The car's top-level state, in its row and in Tesla's answers. Tesla documents the first three;
// Unknown is any other word (or none), and like Online it asks for no wake-up.
enum class VehicleState { Online, Asleep, Offline, Unknown };

// One vehicle_model row, parsed (charge_state and the top-level state).
struct VehicleReading {
  std::int64_t row_id = 0;
  TimePoint row_time{};
  std::string vin;
  VehicleState state = VehicleState::Unknown;
  ChargingState charging_state = ChargingState::Disconnected;
  int charger_actual_current = 0;
  std::optional<int> charge_current_request;
  std::optional<int> charge_current_request_max;
  int charger_voltage = 0;
  int charger_phases = 0;
  double charger_power_kw = 0;
  double battery_level = 0;
  double battery_range_mi = 0;
  double charge_limit_soc = 0;
  double charge_energy_added_kwh = 0;
  // When the charge state above was read (UTC): the row's time minus the row's
  // "charge_state_age_s" (an asleep car's row repeats the last one read); nullopt: as old as
  // the row (the row does not say).
  std::optional<TimePoint> charge_state_time;
  std::optional<WallConnectorVitals> wall_connector;  // when the collector has one
};

// What a policy with timers (start/stop delays) remembers between two decisions. Policies stay
// pure: decide() is const and holds no hidden state; the caller (the service's Cycle, the
// backtest) hands the previous Decision's memory back in the next Snapshot. Explicit memory keeps
// each decision a function of its inputs (testable one call at a time, recordable with the
// decision), and one Policy object can serve the poller and the HTTP endpoints alike.
struct PolicyMemory {
  std::optional<TimePoint> decided_at;     // when the decision that produced it was made
  std::optional<TimePoint> surplus_since;  // enough surplus to charge, continuously since
  std::optional<TimePoint> deficit_since;  // too little surplus to keep charging, since
  // The smart policy's memory (smart_policy.h). Smoothed surplus, so a passing cloud does not
  // stop the car; the last amps change, for the minimum interval between two changes.
  std::optional<double> surplus_avg_w;
  std::optional<double> export_avg_w;  // the same for what the Powerwall cannot absorb
  std::optional<TimePoint> amps_changed_at;
  // Learned over days, kept across gaps: the house's draw while the sun is down, and the UTC
  // time of day the sun last overtook the house load (when the Powerwall stops discharging).
  std::optional<double> night_load_w;
  std::optional<Seconds> sunrise_utc;  // since UTC midnight
  std::optional<Seconds> sunset_utc;   // the time of day the house last outgrew the sun
  std::optional<bool> sun_up;
  std::optional<TimePoint> sun_changed_at;     // when sun_up last flipped
  std::optional<TimePoint> powerwall_full_at;  // when the Powerwall was last full
  // The planner's plan and its count of settings changes today (planner_policy.h).
  std::shared_ptr<const PlannerMemory> planner;
};

// How the owner wants a car charged (the smart policy's modes, smart_policy.h).
enum class ChargeMode {
  Off,       // never charge
  Solar,     // surplus and spare Powerwall energy; with a known departure, the rest by then
  SolarMin,  // as Solar, but never below the minimum current while plugged in
  Fast,      // the car's maximum, now
  Plan,      // reach the target by the departure at least cost (Solar with a daily departure)
};

// What the owner (or the backtest's plug profile) says about this plug-in session. All optional:
// what is missing falls back to the policy's settings.
struct ChargePlan {
  std::optional<ChargeMode> mode;
  std::optional<TimePoint> departure;  // the next time the car leaves, UTC
  std::optional<double> target_soc;    // % at departure; else the car's charge_limit_soc
};

// What a policy sees: the newest readings and when it looks at them.
struct Snapshot {
  PowerwallReading powerwall;
  VehicleReading vehicle;
  TimePoint now{};
  PolicyMemory memory;  // the previous Decision's memory; empty at start-up
  ChargePlan plan;      // the owner's wishes for this session (smart policy only)
  // The hours ahead (the planner's); null when no forecast is wired or learned yet.
  std::shared_ptr<const Outlook> outlook;
};

// One input of a decision, recorded with it in smart_charger_model.features.
struct Feature {
  std::string name;
  std::variant<double, std::string> value;
};

struct Decision;
// A recorded feature by name: its number, or its text ("" when absent or not text).
std::optional<double> number_feature(const Decision& d, const std::string& name);
std::string text_feature(const Decision& d, const std::string& name);

// What the policy wants from the charger beyond the amps.
enum class ChargeIntent { Keep, Start, Stop };

struct Decision {
  int amps = 0;
  ChargeIntent intent = ChargeIntent::Keep;
  std::string policy;
  std::string reason;
  std::vector<Feature> features;
  PolicyMemory memory;  // to hand back in the next Snapshot (stateless policies leave it empty)
  // The energy site's settings the policy asks for (the planner steering the Powerwall);
  // nullopt: no opinion, leave them as they are.
  std::optional<SiteSettings> site;
};

enum class CommandKind { SetChargingAmps, ChargeStart, ChargeStop };

struct VehicleCommand {
  CommandKind kind = CommandKind::SetChargingAmps;
  int amps = 0;  // only for SetChargingAmps
};

// What a CommandPlan does, as the API and the logs name it (to_string).
enum class PlanAction { None, SetAmps, Start, Stop };

// The commands a decision needs, after de-duplication against the car's state.
struct CommandPlan {
  PlanAction action = PlanAction::None;
  std::vector<VehicleCommand> commands;
  std::string reason;
};

std::string to_string(ChargingState s);
std::string to_string(CommandKind k);
std::string to_string(ChargeIntent i);
std::string to_string(VehicleState s);
std::string to_string(PlanAction a);
std::optional<ChargingState> charging_state_from_string(const std::string& s);
// "online", "asleep", "offline"; Unknown for anything else.
VehicleState vehicle_state_from_string(const std::string& s);
// A car that must be woken before it takes a command.
bool asleep_or_offline(VehicleState s);

}  // namespace p15
