#pragma once
// The energy site's settings an owner (or the service) may change through the Fleet API
// (domain.md 6a): operation mode, backup reserve, grid charging and the export rule. The
// Powerwall model (sim/home_model.h) runs under them and the planner asks for them.
namespace p15 {

// site_info's default_real_mode: "self_consumption" or "autonomous" (Time-Based Control).
enum class OperationMode { SelfPowered, TimeBasedControl };
// grid_import_export's customer_preferred_export_rule: "pv_only", "battery_ok", "never".
enum class ExportRule { PvOnly, BatteryOk, Never };

struct SiteSettings {
  OperationMode mode = OperationMode::SelfPowered;
  double reserve_percent = 20;
  bool grid_charging = false;  // !disallow_charge_from_grid_with_solar_installed
  ExportRule export_rule = ExportRule::PvOnly;
  bool operator==(const SiteSettings&) const = default;
};

// What Time-Based Control knows of the hour: the tariff's prices, whether the day's import price
// varies at all, and whether this is a peak hour (the day's highest import price).
struct GridHour {
  double import_per_kwh = 0;
  double export_per_kwh = 0;
  bool day_varies = false;
  bool peak = false;
  bool before_peak = false;  // an off-peak hour of a day whose peak is still to come
};
// The hour as Time-Based Control sees it, from the day's lowest and highest import price and
// whether the day's last peak hour is still ahead (pass false for a peak hour itself).
GridHour grid_hour(double import_per_kwh, double export_per_kwh, double day_min_import,
                   double day_max_import, bool peak_ahead);
// Time-Based Control with battery export empties the battery into the grid in a peak hour that
// pays at least as much for export as for import (sim/home_model.h, docs/powerwall-model.md).
inline bool battery_export_hour(const GridHour& h) {
  return h.peak && h.export_per_kwh >= h.import_per_kwh;
}

// How many settings requests turn `from` into `to`: one per endpoint whose field differs
// (backup, operation, grid_import_export), as Tesla counts settings changes.
int settings_requests(const SiteSettings& from, const SiteSettings& to);

}  // namespace p15
