#include "service/core/site_settings.h"

#include <cmath>

namespace p15 {

GridHour grid_hour(double import_per_kwh, double export_per_kwh, double day_min_import,
                   double day_max_import, bool peak_ahead) {
  constexpr double kTier = 0.005;  // prices closer than half a cent are one tier
  GridHour h{import_per_kwh, export_per_kwh};
  h.day_varies = day_max_import - day_min_import > kTier;
  h.peak = h.day_varies && import_per_kwh >= day_max_import - kTier;
  h.before_peak = h.day_varies && !h.peak && peak_ahead;
  return h;
}

int settings_requests(const SiteSettings& from, const SiteSettings& to) {
  // The app and the API take whole percents.
  const bool reserve = std::lround(from.reserve_percent) != std::lround(to.reserve_percent);
  const bool grid = from.grid_charging != to.grid_charging || from.export_rule != to.export_rule;
  return (reserve ? 1 : 0) + (from.mode != to.mode ? 1 : 0) + (grid ? 1 : 0);
}

}  // namespace p15
