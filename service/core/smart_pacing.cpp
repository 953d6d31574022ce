#include "service/core/smart_pacing.h"

#include <algorithm>
#include <cstdlib>
#include <string>

#include "service/core/command_plan.h"
#include "service/core/smart_surplus.h"

namespace p15::smart {

namespace {

TimePoint since(const std::optional<TimePoint>& remembered, TimePoint now) {
  return remembered.value_or(now);
}

std::string secs(Seconds s) { return std::to_string(s.count()) + " s"; }

// The amps a charging car gets: `wanted` if the change is worth a command now, else unchanged.
int paced_amps(int wanted, int current, bool firm, const PolicyMemory& fresh, TimePoint now,
               const SmartSettings& st, PolicyMemory& out) {
  out.amps_changed_at = fresh.amps_changed_at;
  if (std::abs(wanted - current) < std::max(1, st.min_amps_change)) return current;
  const bool waited =
      !fresh.amps_changed_at || now - *fresh.amps_changed_at >= st.min_change_interval;
  if (!waited && !(firm && wanted > current)) return current;
  out.amps_changed_at = now;
  return wanted;
}

}  // namespace

void decide_stopped(const Want& w, const PolicyMemory& fresh, TimePoint now,
                    const SmartSettings& st, Decision& d) {
  if (w.amps < st.min_amps) {
    d.reason = w.why + ": " + std::to_string(w.amps) + " A below minimum";
    return;
  }
  d.memory.surplus_since = since(fresh.surplus_since, now);
  const Seconds held = now - *d.memory.surplus_since;
  d.amps = w.amps;
  if (w.firm || held >= st.start_delay) {
    d.intent = ChargeIntent::Start;
    d.memory.amps_changed_at = now;
    d.reason = w.why + ": start at " + std::to_string(w.amps) + " A";
  } else {
    d.reason = w.why + ": " + std::to_string(w.amps) + " A for " + secs(held) + " (start after " +
               secs(st.start_delay) + ")";
  }
}

void decide_charging(const Want& w, const Snapshot& s, const PolicyMemory& fresh,
                     const SmartSettings& st, Decision& d) {
  const VehicleReading& car = s.vehicle;
  // Capped: a car drawing (or asked for) more than its maximum is not kept there by pacing.
  const int current =
      std::min(car.charge_current_request.value_or(car.charger_actual_current), max_amps(car, st));
  if (w.amps >= st.min_amps) {
    d.amps = paced_amps(w.amps, current, w.firm, fresh, s.now, st, d.memory);
    d.reason =
        w.why + ": " + std::to_string(w.amps) + " A wanted, " + std::to_string(d.amps) + " A set";
    return;
  }
  d.memory.deficit_since = since(fresh.deficit_since, s.now);
  const Seconds held = s.now - *d.memory.deficit_since;
  if (w.firm || held >= st.stop_delay) {
    d.intent = ChargeIntent::Stop;
    d.reason = w.why + ": stop";
    return;
  }
  const int hold = std::min(std::max(st.min_amps, w.amps), max_amps(car, st));
  d.amps = paced_amps(hold, current, false, fresh, s.now, st, d.memory);
  d.reason = w.why + ": below minimum for " + secs(held) + ", holding (stop after " +
             secs(st.stop_delay) + ")";
}

}  // namespace p15::smart
