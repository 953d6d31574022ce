#include "collector/schedule.h"

namespace p15::collector {
namespace {

bool due(const std::optional<TimePoint>& last, Seconds every, TimePoint now) {
  return !last || now - *last >= every;
}

// vehicle_data now? Only for a reason the docstring of schedule.h gives.
bool charge_state_due(const ScheduleSettings& s, const ScheduleState& st, TimePoint now) {
  if (st.refresh_requested) return true;
  if (st.plug_changed && st.car != VehicleState::Asleep) return true;
  if (st.car != VehicleState::Online) return false;
  if (!st.last_charge_state) return true;
  if (st.came_online && *st.last_charge_state < *st.came_online) return true;
  return st.charging && now - *st.last_charge_state >= s.budget.vehicle_refresh;
}

bool summary_due(const ScheduleSettings& s, const ScheduleState& st, TimePoint now) {
  if (!st.last_summary && !st.last_charge_state) return true;  // at start: is the car awake?
  // A plug change on an asleep car: ask whether it woke (plugging in wakes it briefly).
  if (st.plug_changed && st.car == VehicleState::Asleep) return true;
  if (!s.budget.summary_polls) return false;
  // While it charges, the charge state reads say it is online.
  if (st.car == VehicleState::Online && st.charging) return false;
  const auto last = st.last_summary ? st.last_summary : st.last_charge_state;
  return due(last, s.budget.summary_interval, now);
}

}  // namespace

DueReads due_reads(const ScheduleSettings& s, const ScheduleState& st, TimePoint now) {
  DueReads d;
  d.local = (s.has_gateway || s.has_wall_connector) && due(st.last_local, s.interval, now);
  const bool cloud_ok = !st.cloud_blocked_until || now >= *st.cloud_blocked_until;
  if (cloud_ok) {
    const Seconds live_every = std::max(s.interval, kEnergyLiveStatusMinInterval);
    d.live_status = !s.has_gateway && due(st.last_live, live_every, now);
    d.site_info = due(st.last_site_info, s.site_info_interval, now);
    d.charge_state = charge_state_due(s, st, now);
    d.summary = !d.charge_state && summary_due(s, st, now);
  } else {
    // The gateway's settings are local: an outage of Tesla's cloud does not stop them.
    d.site_info = s.has_gateway && due(st.last_site_info, s.site_info_interval, now);
  }
  d.rows = due(st.last_row, s.interval, now);
  return d;
}

}  // namespace p15::collector
