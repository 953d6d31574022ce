#pragma once
// Which reads are due now: the collector's whole policy toward Tesla's bill and the car's sleep,
// as one pure function over what it knows. Times are the home's clock (the simulator's, when it
// runs faster than real time), so a simulated month bills as a real one.
//
// The car is never woken and is let sleep: vehicle_data (which keeps an awake car awake, and is
// billed) is read only when the service asked for a fresh read after a command, while the car
// charges (at most every vehicle_refresh), and once when the car comes online (plugged in or
// driven: noticed through the Wall Connector or GET /api/1/vehicles/{vin}). A plugged-in car that
// is not charging gets nothing more, and falls asleep.
#include <optional>

#include "collector/budget.h"
#include "service/core/types.h"

namespace p15::collector {

struct ScheduleSettings {
  Seconds interval{10};  // local reads and rows
  Seconds site_info_interval{3600};
  bool has_gateway = false;
  bool has_wall_connector = false;
  Budget budget;
};

// What the collector knows, by the home clock.
struct ScheduleState {
  std::optional<TimePoint> last_local;      // gateway / Wall Connector round
  std::optional<TimePoint> last_live;       // live_status through Fleet
  std::optional<TimePoint> last_site_info;  // site_info or the gateway's operation
  std::optional<TimePoint> last_summary;
  std::optional<TimePoint> last_charge_state;  // a vehicle_data answer (200 or 408)
  std::optional<TimePoint> last_row;
  VehicleState car = VehicleState::Unknown;
  std::optional<TimePoint> came_online;  // when the car was last seen turning online
  bool charging = false;                 // the last charge state said Charging or Starting
  bool plug_changed = false;             // the Wall Connector's plug or contactor changed
  bool refresh_requested = false;        // POST /refresh (the service sent a command)
  // Tesla said 429 or the cloud failed: no cloud read before this.
  std::optional<TimePoint> cloud_blocked_until;
};

struct DueReads {
  bool local = false;  // the gateway's and the Wall Connector's reads
  bool live_status = false;
  bool site_info = false;
  bool summary = false;
  bool charge_state = false;
  bool rows = false;
};

DueReads due_reads(const ScheduleSettings& s, const ScheduleState& st, TimePoint now);

}  // namespace p15::collector
