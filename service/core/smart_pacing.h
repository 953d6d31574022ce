#pragma once
// Rule 5 of smart_policy.h, the hysteresis, for any policy that knows the current it wants: start
// once the want has held min_amps for start_delay, stop once it has been below for stop_delay
// (holding min_amps meanwhile), change the amps only by min_amps_change and not within
// min_change_interval. Firm wants act at once. The smart policy and the planner both follow it.
#include "service/core/smart_policy.h"

namespace p15::smart {

// A stopped car: start (or keep waiting to).
void decide_stopped(const Want& w, const PolicyMemory& fresh, TimePoint now,
                    const SmartSettings& st, Decision& d);
// A charging car: new amps, hold, or stop.
void decide_charging(const Want& w, const Snapshot& s, const PolicyMemory& fresh,
                     const SmartSettings& st, Decision& d);

}  // namespace p15::smart
