#pragma once
// Surplus for the smart policy: what the car could draw without importing and without taking
// from the Powerwall, measured from the flows with the car's own draw removed (load_w includes
// the car while it charges), then smoothed so one cloudy poll does not stop the car.
#include "service/core/smart_settings.h"
#include "service/core/types.h"

namespace p15::smart {

double voltage(const VehicleReading& car, const SmartSettings& s);
int max_amps(const VehicleReading& car, const SmartSettings& s);
// The car's own draw now, W (0 unless charging).
double car_draw_w(const VehicleReading& car, const SmartSettings& s);
// The house without the car, W.
double house_w(const PowerwallReading& pw, const VehicleReading& car, const SmartSettings& s);
// Export + the car's draw + the Powerwall's charging - its discharge (Tesla signs). The
// Powerwall's charging counts: a kWh of solar is worth at least as much in the car, which must
// otherwise buy it at the import price, as in the Powerwall.
double surplus_w(const PowerwallReading& pw, const VehicleReading& car, const SmartSettings& s);
// What would be exported without the car: the surplus less what the Powerwall could still
// store (its charge rate until it is full). The car takes only this while a full Powerwall can
// hand the rest of its need over tonight (smart_policy.h, rule 2). A charging car lowers the
// "full" mark a little, so the Powerwall's dip under the car's draw does not stop it.
double export_surplus_w(const PowerwallReading& pw, const VehicleReading& car,
                        const SmartSettings& s);

// Exponential average over `tau`, one sample `dt` after the previous average; no previous
// average (or a gap longer than the memory's age) starts from the sample.
double smooth(std::optional<double> previous, double sample, Seconds dt, Seconds tau);

}  // namespace p15::smart
