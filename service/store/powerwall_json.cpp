#include "service/store/powerwall_json.h"

#include <algorithm>
#include <cmath>

#include "service/store/json_fields.h"

namespace p15 {
namespace {

using namespace json_fields;

// A home, not a power plant: beyond this a reading is a unit mix-up (kW vs W) or garbage.
constexpr double kMaxPowerW = 100000;
// Inverters draw a little at night, so real Powerwalls report solar_power of a few negative watts;
// kept as reported (the legacy arithmetic uses it), but more than this is not a reading.
constexpr double kSolarNightDrawW = 100;
// 1 MWh: some 70 Powerwalls. Beyond it an energy is garbage (or Wh read as mWh), and the policies
// turn energies into whole watts and amps, so they must stay far from the limits of an int.
constexpr double kMaxEnergyWh = 1e6;

struct Flows {
  double solar_w, load_w, grid_w, battery_w, generator_w;
};

Flows read_flows(const Node& node) {
  Flows f{};
  f.solar_w = required_number(node, "solar_power");
  f.load_w = required_number(node, "load_power");
  f.grid_w = required_number(node, "grid_power");
  f.battery_w = required_number(node, "battery_power");
  f.generator_w = optional_number(node, "generator_power").value_or(0);
  check_range(node.field("solar_power"), f.solar_w, -kSolarNightDrawW, kMaxPowerW);
  check_not_negative(node.field("load_power"), f.load_w);
  const std::pair<const char*, double> all[] = {{"solar_power", f.solar_w},
                                                {"load_power", f.load_w},
                                                {"grid_power", f.grid_w},
                                                {"battery_power", f.battery_w},
                                                {"generator_power", f.generator_w}};
  for (const auto& [key, w] : all) check_range(node.field(key), w, -kMaxPowerW, kMaxPowerW);
  return f;
}

void apply_flows(const Flows& f, PowerwallReading& r) {
  r.solar_w = f.solar_w;
  r.load_w = f.load_w;
  r.grid_w = f.grid_w;
  r.battery_w = f.battery_w;
  r.generator_w = f.generator_w;
}

void check_energy(const Node& root, const std::string& key, double wh) {
  check_not_negative(root.field(key), wh);
  check_range(root.field(key), wh, 0, kMaxEnergyWh);
}

void check_pack(const Node& root, const std::string& key, double wh) {
  check_positive(root.field(key), wh);
  check_range(root.field(key), wh, 0, kMaxEnergyWh);
}

// Percentage, reserve and status, once the energies are known. `reserve` is the row's reserve.
void finish_reading(const Node& root, const Node& reserve_node, double reserve,
                    PowerwallReading& r) {
  r.backup_reserve_percent = reserve;
  check_range(reserve_node.field("backup_reserve_percent"), reserve, 0, 100);
  auto pct = optional_number(root, "percentage_charged");
  if (pct) check_range(root.field("percentage_charged"), *pct, 0, 100);
  // Derived, it is capped: nameplate_energy (13.5 kWh a Powerwall) can be below what a young
  // pack holds, and a percentage above 100 would only confuse /battery-status.
  r.percentage_charged =
      pct ? *pct : std::clamp(100.0 * r.energy_left_wh / r.total_pack_energy_wh, 0.0, 100.0);
  r.grid_status = optional_string(root, "grid_status");
  r.island_status = optional_string(root, "island_status");
  // The owner's mode from the row's site_info, for the steward to notice a change in the app.
  r.default_real_mode = optional_string(root, "default_real_mode");
  // site_info's off-grid floor, where the collector merged it (service/core/outage.h).
  const char* const off_grid = "off_grid_vehicle_charging_reserve_percent";
  auto floor = optional_number(root, off_grid);
  if (floor) check_range(root.field(off_grid), *floor, 0, 100);
  r.off_grid_vehicle_charging_reserve_percent = floor;
}

// Energy, reserve and status, once the shape has said where the pack size and reserve live.
void read_energy(const Node& root, const std::string& pack_key, const Node& reserve_node,
                 PowerwallReading& r) {
  r.energy_left_wh = required_number(root, "energy_left");
  r.total_pack_energy_wh = required_number(root, pack_key);
  check_energy(root, "energy_left", r.energy_left_wh);
  check_pack(root, pack_key, r.total_pack_energy_wh);
  finish_reading(root, reserve_node, required_number(reserve_node, "backup_reserve_percent"), r);
}

PowerwallReading parse_legacy(const Node& root) {
  PowerwallReading r;
  r.shape = PowerwallShape::Legacy;
  apply_flows(read_flows(required_first_object(root, "power_reading")), r);
  read_energy(root, "total_pack_energy", required_object(root, "backup"), r);
  return r;
}

// The pack's size in the current shape: total_pack_energy, else nameplate_energy (site_info),
// else the owner's setting; the first one present is checked and used.
double current_capacity(const Node& root, const PowerwallFallbacks& fb) {
  for (const char* key : {"total_pack_energy", "nameplate_energy"}) {
    if (!has(root, key)) continue;
    double wh = required_number(root, key);
    check_pack(root, key, wh);
    return wh;
  }
  if (fb.capacity_wh > 0) return fb.capacity_wh;
  throw FieldError{
      "total_pack_energy",
      "is missing (and so are nameplate_energy and the setting powerwall.capacity_wh)"};
}

PowerwallReading parse_current(const Node& root, const PowerwallFallbacks& fb) {
  PowerwallReading r;
  r.shape = PowerwallShape::Current;
  apply_flows(read_flows(root), r);
  if (has(root, "energy_left")) {
    r.energy_left_wh = required_number(root, "energy_left");
    check_energy(root, "energy_left", r.energy_left_wh);
    r.total_pack_energy_wh = current_capacity(root, fb);
  } else if (has(root, "percentage_charged")) {
    // Today's live_status: the stored energy follows from the percentage and the capacity
    // (finish_reading range-checks the percentage).
    r.shape = PowerwallShape::LiveStatus;
    const double pct = required_number(root, "percentage_charged");
    r.total_pack_energy_wh = current_capacity(root, fb);
    r.energy_left_wh = pct / 100 * r.total_pack_energy_wh;
  } else {
    throw FieldError{"energy_left", "is missing (and so is percentage_charged)"};
  }
  double reserve = 0;
  if (has(root, "backup_reserve_percent")) {
    reserve = required_number(root, "backup_reserve_percent");
  } else if (fb.backup_reserve_percent) {
    reserve = *fb.backup_reserve_percent;
  } else {
    throw FieldError{"backup_reserve_percent",
                     "is missing (and the setting powerwall.backup_reserve_percent is not set)"};
  }
  finish_reading(root, root, reserve, r);
  return r;
}

// The Fleet API's answer as it comes ({"response": {...}}), or the document itself.
Node unwrap(const Node& root) {
  const web::json::value* inner = find(root, "response");
  if (inner && inner->is_object() && !has(root, "solar_power")) return Node{inner, "response"};
  return root;
}

bool looks_legacy(const Node& root) { return has(root, "power_reading") || has(root, "backup"); }

bool looks_current(const Node& root) {
  for (const char* key : {"solar_power", "load_power", "grid_power", "battery_power"}) {
    if (has(root, key)) return true;
  }
  return false;
}

}  // namespace

Result<PowerwallReading> parse_powerwall_json(const std::string& json, std::int64_t row_id,
                                              TimePoint row_time,
                                              const PowerwallFallbacks& fallbacks) {
  auto parsed = parse_row<PowerwallReading>("battery_model", row_id, json, [&](const Node& doc) {
    const Node root = unwrap(doc);
    if (looks_legacy(root)) return parse_legacy(root);
    if (looks_current(root)) {
      PowerwallReading r = parse_current(root, fallbacks);
      r.reading_time = part_time(root, "age_s", row_time);
      return r;
    }
    throw FieldError{"",
                     "data is neither the legacy shape (power_reading, backup) nor the current "
                     "shape (solar_power, load_power, grid_power, battery_power)"};
  });
  if (!parsed) return parsed;
  PowerwallReading r = std::move(parsed).value();
  r.row_id = row_id;
  r.row_time = row_time;
  return r;
}

}  // namespace p15
