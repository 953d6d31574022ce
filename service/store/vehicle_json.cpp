#include "service/store/vehicle_json.h"

#include "service/store/json_fields.h"

namespace p15 {
namespace {

using namespace json_fields;

// Generous bounds: they only catch garbage and unit mix-ups, never a real car or charger. The
// most any Tesla draws on AC is 80 A (early Model S with twin chargers), so 100 A leaves room;
// during DC fast charging these AC fields read 0.
constexpr int kMaxAmps = 100;
constexpr int kMaxVolts = 1000;
// About five times what today's cars reach; kW and kWh also bound a Tesla Semi.
constexpr double kMaxRangeMi = 2000;
constexpr double kMaxPowerKw = 1000;
constexpr double kMaxEnergyKwh = 1000;

// Not negative (the message says so), and not beyond `hi`.
void check_amount(const Node& node, const std::string& key, double v, double hi) {
  check_not_negative(node.field(key), v);
  check_range(node.field(key), v, 0, hi);
}

int required_int(const Node& node, const std::string& key, int lo, int hi) {
  return to_int(node.field(key), required_number(node, key), lo, hi);
}

std::optional<int> optional_int(const Node& node, const std::string& key, int lo, int hi) {
  auto v = optional_number(node, key);
  if (!v) return std::nullopt;
  return to_int(node.field(key), *v, lo, hi);
}

double optional_in_range(const Node& node, const std::string& key, double lo, double hi) {
  double v = optional_number(node, key).value_or(0);
  check_range(node.field(key), v, lo, hi);
  return v;
}

ChargingState read_charging_state(const Node& cs) {
  const std::string s = required_string(cs, "charging_state");
  auto state = charging_state_from_string(s);
  if (!state) {
    throw FieldError{cs.field("charging_state"),
                     "must be one of Disconnected, Stopped, Starting, Charging, Complete, "
                     "NoPower, got \"" +
                         s + "\""};
  }
  return *state;
}

void read_charge_state(const Node& cs, VehicleReading& r) {
  r.charging_state = read_charging_state(cs);
  r.charger_actual_current = required_int(cs, "charger_actual_current", 0, kMaxAmps);
  r.battery_level = required_number(cs, "battery_level");
  check_range(cs.field("battery_level"), r.battery_level, 0, 100);
  r.battery_range_mi = required_number(cs, "battery_range");
  check_amount(cs, "battery_range", r.battery_range_mi, kMaxRangeMi);
  r.charge_current_request = optional_int(cs, "charge_current_request", 0, kMaxAmps);
  r.charge_current_request_max = optional_int(cs, "charge_current_request_max", 0, kMaxAmps);
  r.charger_voltage = optional_int(cs, "charger_voltage", 0, kMaxVolts).value_or(0);
  r.charger_phases = optional_int(cs, "charger_phases", 0, 3).value_or(0);
  r.charger_power_kw = optional_number(cs, "charger_power").value_or(0);
  check_amount(cs, "charger_power", r.charger_power_kw, kMaxPowerKw);
  r.charge_limit_soc = optional_in_range(cs, "charge_limit_soc", 0, 100);
  r.charge_energy_added_kwh = optional_number(cs, "charge_energy_added").value_or(0);
  check_amount(cs, "charge_energy_added", r.charge_energy_added_kwh, kMaxEnergyKwh);
}

WallConnectorVitals read_wall_connector(const Node& wc, TimePoint row_time) {
  WallConnectorVitals v;
  v.read_at = part_time(wc, "age_s", row_time).value_or(row_time);
  v.vehicle_connected = required_bool(wc, "vehicle_connected");
  v.contactor_closed = required_bool(wc, "contactor_closed");
  v.vehicle_current_a = optional_number(wc, "vehicle_current_a").value_or(0);
  check_amount(wc, "vehicle_current_a", v.vehicle_current_a, kMaxAmps);
  v.grid_v = optional_number(wc, "grid_v").value_or(0);
  check_amount(wc, "grid_v", v.grid_v, kMaxVolts);
  v.session_s = static_cast<long long>(optional_number(wc, "session_s").value_or(0));
  check_not_negative(wc.field("session_s"), static_cast<double>(v.session_s));
  return v;
}

VehicleReading parse_document(const Node& root, TimePoint row_time) {
  // Only unwrap when the document is not already the vehicle itself.
  Node doc = root;
  if (!has(root, "charge_state") && has(root, "response")) doc = required_object(root, "response");
  VehicleReading r;
  r.state = vehicle_state_from_string(required_string(doc, "state"));
  r.vin = optional_string(doc, "vin").value_or("");
  read_charge_state(required_object(doc, "charge_state"), r);
  r.charge_state_time = part_time(doc, "charge_state_age_s", row_time);
  if (has(doc, "wall_connector")) {
    r.wall_connector = read_wall_connector(required_object(doc, "wall_connector"), row_time);
  }
  return r;
}

}  // namespace

Result<VehicleReading> parse_vehicle_json(const std::string& json, std::int64_t row_id,
                                          TimePoint row_time) {
  auto parsed = parse_row<VehicleReading>("vehicle_model", row_id, json, [&](const Node& root) {
    return parse_document(root, row_time);
  });
  if (!parsed) return parsed;
  VehicleReading r = std::move(parsed).value();
  r.row_id = row_id;
  r.row_time = row_time;
  return r;
}

}  // namespace p15
