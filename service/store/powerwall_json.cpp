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

// Energy, reserve and status, once the shape has said where the pack size and reserve live.
void read_energy(const Node& root, const std::string& pack_key, const Node& reserve_node,
                 PowerwallReading& r) {
  r.energy_left_wh = required_number(root, "energy_left");
  r.total_pack_energy_wh = required_number(root, pack_key);
  r.backup_reserve_percent = required_number(reserve_node, "backup_reserve_percent");
  check_not_negative(root.field("energy_left"), r.energy_left_wh);
  check_range(root.field("energy_left"), r.energy_left_wh, 0, kMaxEnergyWh);
  check_positive(root.field(pack_key), r.total_pack_energy_wh);
  check_range(root.field(pack_key), r.total_pack_energy_wh, 0, kMaxEnergyWh);
  check_range(reserve_node.field("backup_reserve_percent"), r.backup_reserve_percent, 0, 100);
  auto pct = optional_number(root, "percentage_charged");
  if (pct) check_range(root.field("percentage_charged"), *pct, 0, 100);
  // Derived, it is capped: nameplate_energy (13.5 kWh a Powerwall) can be below what a young
  // pack holds, and a percentage above 100 would only confuse /battery-status.
  r.percentage_charged =
      pct ? *pct : std::clamp(100.0 * r.energy_left_wh / r.total_pack_energy_wh, 0.0, 100.0);
  r.grid_status = optional_string(root, "grid_status").value_or("Unknown");
}

PowerwallReading parse_legacy(const Node& root) {
  PowerwallReading r;
  r.shape = PowerwallShape::Legacy;
  apply_flows(read_flows(required_first_object(root, "power_reading")), r);
  read_energy(root, "total_pack_energy", required_object(root, "backup"), r);
  return r;
}

PowerwallReading parse_current(const Node& root) {
  PowerwallReading r;
  r.shape = PowerwallShape::Current;
  apply_flows(read_flows(root), r);
  // Fleet API site_info carries nameplate_energy; live_status may or may not add the live pack.
  const bool has_total = has(root, "total_pack_energy");
  const bool has_nameplate = has(root, "nameplate_energy");
  if (!has_total && !has_nameplate && !root.value->has_field("total_pack_energy")) {
    throw FieldError{"total_pack_energy", "is missing (and so is nameplate_energy)"};
  }
  // A null total_pack_energy without a nameplate falls through to "got null".
  const char* pack_key = has_total || !has_nameplate ? "total_pack_energy" : "nameplate_energy";
  read_energy(root, pack_key, root, r);
  return r;
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
                                              TimePoint row_time) {
  auto parsed = parse_row<PowerwallReading>("battery_model", row_id, json, [](const Node& root) {
    if (looks_legacy(root)) return parse_legacy(root);
    if (looks_current(root)) return parse_current(root);
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
