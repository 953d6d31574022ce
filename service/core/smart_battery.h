#pragma once
// How much of the Powerwall the car may take: the energy above the floor (reserve + margin) that
// the house will not need before the sun returns. That energy would still be in the Powerwall
// when tomorrow's solar refills it, so in the car it displaces a grid kWh at no cost; any more
// would only move the house's import earlier. Never below the reserve.
//
// What the policy learns for it (in PolicyMemory, no clock, no I/O): the house's draw while the
// sun is down, and the UTC time of day the sun last overtook the house load after a night.
#include <optional>

#include "service/core/smart_settings.h"
#include "service/core/types.h"

namespace p15::smart {

// The sun is up when solar covers the house (without the car): the Powerwall stops discharging.
bool sun_up(const PowerwallReading& pw, double house_w);

// Updates the learned night load and sunrise in `out` from the previous memory and this poll.
void learn_sun(const PolicyMemory& past, const PowerwallReading& pw, double house_w, TimePoint now,
               PolicyMemory& out);

// Hours until the sun next returns, from the learned sunrise (12 h when none is known yet).
double hours_to_sunrise(const PolicyMemory& memory, TimePoint now);

// Hours from the last sunset before `departure` to the departure, when that sunset is still to
// come and both the sunrise and the sunset have been learned.
std::optional<double> last_night_before_h(const PolicyMemory& memory, TimePoint now,
                                          TimePoint departure);
// The learned night's length, sunset to sunrise (12 h until both are known).
double night_hours(const PolicyMemory& memory);
// The Powerwall's Wh the car may take now (may be negative: the house needs more than is left),
// keeping the house's night draw for `house_hours`.
double battery_allowance_wh(const PowerwallReading& pw, const PolicyMemory& memory, double house_w,
                            double house_hours, const SmartSettings& s);

}  // namespace p15::smart
