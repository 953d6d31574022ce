// vehicle_model.data parsing: TeslaPy and Fleet API documents, nulls, wrong types, absurd values.
#include "service/store/vehicle_json.h"

#include <cpprest/json.h>
#include <gtest/gtest.h>

#include <cctype>
#include <optional>

namespace p15 {
namespace {

constexpr std::int64_t kRow = 7;
const TimePoint kTime{Seconds{1714564800}};

// TeslaPy get_vehicle_data() while charging at home (trimmed: drive_state etc. left out).
const char* const kCharging = R"({
  "id": 1492931365123456, "vehicle_id": 1234567890, "vin": "5YJ3E1EA1KF000001",
  "display_name": "Blue", "color": null, "access_type": "OWNER", "state": "online",
  "in_service": false, "api_version": 67,
  "charge_state": {
    "battery_heater_on": false, "battery_level": 64, "battery_range": 171.47,
    "charge_amps": 16, "charge_current_request": 16, "charge_current_request_max": 32,
    "charge_enable_request": true, "charge_energy_added": 4.27, "charge_limit_soc": 80,
    "charge_port_door_open": true, "charge_port_latch": "Engaged", "charge_rate": 13.6,
    "charger_actual_current": 16, "charger_phases": 1, "charger_pilot_current": 32,
    "charger_power": 4, "charger_voltage": 241, "charging_state": "Charging",
    "conn_charge_cable": "SAE", "fast_charger_present": false, "ideal_battery_range": 171.47,
    "managed_charging_start_time": null, "minutes_to_full_charge": 95,
    "scheduled_charging_mode": "Off", "time_to_full_charge": 1.58,
    "timestamp": 1714564800123, "usable_battery_level": 63}})";

// Unplugged: TeslaPy gives null for what the charger does not report.
const char* const kUnplugged = R"({
  "vin": "5YJ3E1EA1KF000001", "state": "online",
  "charge_state": {
    "battery_level": 81, "battery_range": 219.3, "charge_current_request": 48,
    "charge_current_request_max": 48, "charge_energy_added": 0, "charge_limit_soc": 90,
    "charger_actual_current": 0, "charger_phases": null, "charger_power": 0,
    "charger_voltage": 2, "charging_state": "Disconnected", "conn_charge_cable": "<invalid>",
    "minutes_to_full_charge": 0, "timestamp": 1714564800000}})";

// Fleet API GET vehicle_data?endpoints=charge_state: the same document under "response";
// plugged in and stopped, amps given as floats, no request fields, no vin.
const char* const kFleetStopped = R"({"response": {
  "id": 100021, "state": "online",
  "charge_state": {
    "battery_level": 35.0, "battery_range": 55.5, "charger_actual_current": 15.6,
    "charger_voltage": 239.6, "charger_phases": 1.0, "charging_state": "Stopped",
    "charge_limit_soc": null, "charge_energy_added": 0.0, "timestamp": 1714564800000}}})";

struct ParseCase {
  std::string name;
  std::string json;
  std::string vin;
  VehicleState state;
  ChargingState charging;
  int actual_a;
  std::optional<int> request_a, request_max_a;
  int volts, phases;
  double power_kw, level, range_mi, limit_soc, added_kwh;
};

class VehicleJsonParses : public ::testing::TestWithParam<ParseCase> {};

TEST_P(VehicleJsonParses, ReadsEveryField) {
  const auto& c = GetParam();
  auto r = parse_vehicle_json(c.json, kRow, kTime);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->row_id, kRow);
  EXPECT_EQ(r->row_time, kTime);
  EXPECT_EQ(r->vin, c.vin);
  EXPECT_EQ(r->state, c.state);
  EXPECT_EQ(r->charging_state, c.charging);
  EXPECT_EQ(r->charger_actual_current, c.actual_a);
  EXPECT_EQ(r->charge_current_request, c.request_a);
  EXPECT_EQ(r->charge_current_request_max, c.request_max_a);
  EXPECT_EQ(r->charger_voltage, c.volts);
  EXPECT_EQ(r->charger_phases, c.phases);
  EXPECT_DOUBLE_EQ(r->charger_power_kw, c.power_kw);
  EXPECT_DOUBLE_EQ(r->battery_level, c.level);
  EXPECT_DOUBLE_EQ(r->battery_range_mi, c.range_mi);
  EXPECT_DOUBLE_EQ(r->charge_limit_soc, c.limit_soc);
  EXPECT_DOUBLE_EQ(r->charge_energy_added_kwh, c.added_kwh);
}

using CS = ChargingState;
using VS = VehicleState;
const std::optional<int> kNone = std::nullopt;
const char* const kVin = "5YJ3E1EA1KF000001";

INSTANTIATE_TEST_SUITE_P(
    Documents, VehicleJsonParses,
    ::testing::Values(
        ParseCase{"teslapy_charging", kCharging, kVin, VS::Online, CS::Charging, 16, 16, 32, 241, 1,
                  4, 64, 171.47, 80, 4.27},
        ParseCase{"teslapy_unplugged_nulls", kUnplugged, kVin, VS::Online, CS::Disconnected, 0, 48,
                  48, 2, 0, 0, 81, 219.3, 90, 0},
        ParseCase{"fleet_response_wrapped_floats_round", kFleetStopped, "", VS::Online, CS::Stopped,
                  16, kNone, kNone, 240, 1, 0, 35, 55.5, 0, 0},
        ParseCase{"minimal_asleep_row",
                  R"({"state":"asleep","charge_state":{"charging_state":"Complete",
                      "charger_actual_current":0,"battery_level":90,"battery_range":250}})",
                  "", VS::Asleep, CS::Complete, 0, kNone, kNone, 0, 0, 0, 90, 250, 0, 0},
        ParseCase{"offline_row",
                  R"({"state":"offline","charge_state":{"charging_state":"Stopped",
                      "charger_actual_current":0,"battery_level":60,"battery_range":150}})",
                  "", VS::Offline, CS::Stopped, 0, kNone, kNone, 0, 0, 0, 60, 150, 0, 0},
        // Not a word Tesla documents: kept as a row (no wake-up is asked for it), not refused.
        ParseCase{"undocumented_state_is_unknown",
                  R"({"state":"driving","charge_state":{"charging_state":"Stopped",
                      "charger_actual_current":0,"battery_level":60,"battery_range":150}})",
                  "", VS::Unknown, CS::Stopped, 0, kNone, kNone, 0, 0, 0, 60, 150, 0, 0},
        ParseCase{"round_down_and_nulls",
                  R"({"state":"online","vin":null,"charge_state":{"charging_state":"Starting",
                      "charger_actual_current":5.4,"charge_current_request":null,
                      "charge_current_request_max":47.5,"charger_voltage":null,
                      "charger_power":null,"battery_level":0,"battery_range":0}})",
                  "", VS::Online, CS::Starting, 5, kNone, 48, 0, 0, 0, 0, 0, 0, 0},
        ParseCase{"twin_charger_80_amps_accepted",
                  R"({"state":"online","charge_state":{"charging_state":"Charging",
                      "charger_actual_current":80,"charge_current_request":80,
                      "charge_current_request_max":80,"battery_level":40,"battery_range":120}})",
                  "", VS::Online, CS::Charging, 80, 80, 80, 0, 0, 0, 40, 120, 0, 0},
        ParseCase{"no_power_state",
                  R"({"state":"online","charge_state":{"charging_state":"NoPower",
                      "charger_actual_current":0,"battery_level":100,"battery_range":310.2,
                      "charger_phases":3,"charge_limit_soc":100}})",
                  "", VS::Online, CS::NoPower, 0, kNone, kNone, 0, 3, 0, 100, 310.2, 100, 0},
        ParseCase{"top_level_wins_over_response_key",
                  R"({"state":"online","response":"ignored","charge_state":{
                      "charging_state":"Stopped","charger_actual_current":0,
                      "battery_level":50,"battery_range":100}})",
                  "", VS::Online, CS::Stopped, 0, kNone, kNone, 0, 0, 0, 50, 100, 0, 0}),
    [](const auto& info) { return info.param.name; });

struct RejectCase {
  std::string name;
  std::string json;
  std::string want;  // a substring of the error message
};

class VehicleJsonRejects : public ::testing::TestWithParam<RejectCase> {};

TEST_P(VehicleJsonRejects, WithMessageNamingRowAndField) {
  const auto& c = GetParam();
  auto r = parse_vehicle_json(c.json, kRow, kTime);
  ASSERT_FALSE(r.ok()) << "parsed: " << c.json;
  EXPECT_EQ(r.error().kind, ErrorKind::Invalid);
  EXPECT_EQ(r.error().message.rfind("vehicle_model row 7: ", 0), 0u) << r.error().message;
  EXPECT_NE(r.error().message.find(c.want), std::string::npos)
      << "message: " << r.error().message << "\nwanted: " << c.want;
}

// A copy of `json` with `key` of the top level (or of charge_state when in_charge_state) set to
// `value`, or removed when value is nullopt.
std::string edit(const std::string& json, bool in_charge_state, const std::string& key,
                 const std::optional<web::json::value>& value) {
  auto doc = web::json::value::parse(json);
  web::json::value& node = in_charge_state ? doc.at("charge_state") : doc;
  if (value) {
    node[key] = *value;
  } else {
    node.as_object().erase(key);
  }
  return doc.serialize();
}

std::string cs(const std::string& key, const std::optional<web::json::value>& value) {
  return edit(kCharging, true, key, value);
}

web::json::value num(double v) { return web::json::value::number(v); }
web::json::value str(const char* s) { return web::json::value::string(s); }

// Missing, null and mistyped for every required field.
std::vector<RejectCase> required_field_cases() {
  struct Field {
    bool in_charge_state;
    std::string key;
    std::string type;  // what the parser says it must be
    web::json::value wrong;
  };
  const Field fields[] = {{false, "state", "a string", num(1)},
                          {false, "charge_state", "an object", str("Charging")},
                          {true, "charging_state", "a string", num(3)},
                          {true, "charger_actual_current", "a number", str("16")},
                          {true, "battery_level", "a number", web::json::value::boolean(true)},
                          {true, "battery_range", "a number", web::json::value::array()}};
  std::vector<RejectCase> out;
  for (const auto& f : fields) {
    const std::string path = (f.in_charge_state ? "charge_state." : "") + f.key;
    const std::string id = (f.in_charge_state ? "cs_" : "") + f.key;
    out.push_back({"missing_" + id, edit(kCharging, f.in_charge_state, f.key, std::nullopt),
                   "field \"" + path + "\" is missing"});
    out.push_back({"null_" + id,
                   edit(kCharging, f.in_charge_state, f.key, web::json::value::null()),
                   "field \"" + path + "\" must be " + f.type + ", got null"});
    out.push_back({"wrong_type_" + id, edit(kCharging, f.in_charge_state, f.key, f.wrong),
                   "field \"" + path + "\" must be " + f.type + ", got " +
                       (f.wrong.is_number()    ? "number"
                        : f.wrong.is_string()  ? "string"
                        : f.wrong.is_boolean() ? "boolean"
                                               : "array")});
  }
  return out;
}

INSTANTIATE_TEST_SUITE_P(RequiredFields, VehicleJsonRejects,
                         ::testing::ValuesIn(required_field_cases()),
                         [](const auto& info) { return info.param.name; });

INSTANTIATE_TEST_SUITE_P(
    Structure, VehicleJsonRejects,
    ::testing::Values(
        RejectCase{"not_json", "state=online", "data is not valid JSON"},
        RejectCase{"array", R"([{"state":"online"}])", "data must be a JSON object, got array"},
        RejectCase{"number", "42", "data must be a JSON object, got number"},
        RejectCase{"powerwall_row", R"({"solar_power":1})", "field \"state\" is missing"},
        RejectCase{"unknown_charging_state", cs("charging_state", str("Plugged")),
                   "field \"charge_state.charging_state\" must be one of Disconnected, Stopped, "
                   "Starting, Charging, Complete, NoPower, got \"Plugged\""},
        RejectCase{"lowercase_charging_state", cs("charging_state", str("charging")),
                   "got \"charging\""},
        RejectCase{"response_not_object", R"({"response": [1]})",
                   "field \"response\" must be an object, got array"},
        RejectCase{"response_null", R"({"response": null})", "field \"state\" is missing"},
        RejectCase{"wrapped_missing_state", R"({"response":{"charge_state":{}}})",
                   "field \"response.state\" is missing"},
        RejectCase{"wrapped_missing_level",
                   R"({"response":{"state":"online","charge_state":{"charging_state":"Stopped",
                       "charger_actual_current":0,"battery_range":1}}})",
                   "field \"response.charge_state.battery_level\" is missing"},
        RejectCase{"vin_number", edit(kCharging, false, "vin", num(5)),
                   "field \"vin\" must be a string, got number"},
        RejectCase{"phases_string", cs("charger_phases", str("1")),
                   "field \"charge_state.charger_phases\" must be a number, got string"},
        RejectCase{"request_max_bool",
                   cs("charge_current_request_max", web::json::value::boolean(false)),
                   "field \"charge_state.charge_current_request_max\" must be a number, got "
                   "boolean"}),
    [](const auto& info) { return info.param.name; });

INSTANTIATE_TEST_SUITE_P(
    AbsurdValues, VehicleJsonRejects,
    ::testing::Values(
        RejectCase{"infinite_current",
                   R"({"state":"online","charge_state":{"charging_state":"Charging",
                       "charger_actual_current":1e400,"battery_level":5,"battery_range":9}})",
                   "field \"charge_state.charger_actual_current\" must be a finite number"},
        RejectCase{"negative_current", cs("charger_actual_current", num(-1)),
                   "field \"charge_state.charger_actual_current\" must be between 0 and 100, "
                   "got -1"},
        RejectCase{"huge_current", cs("charger_actual_current", num(1e12)),
                   "field \"charge_state.charger_actual_current\" must be between 0 and 100"},
        RejectCase{"car_drawing_500_amps", cs("charger_actual_current", num(500)),
                   "field \"charge_state.charger_actual_current\" must be between 0 and 100, "
                   "got 500"},
        RejectCase{"current_just_over_100", cs("charger_actual_current", num(100.6)),
                   "field \"charge_state.charger_actual_current\" must be between 0 and 100, "
                   "got 100.6"},
        RejectCase{"request_500_amps", cs("charge_current_request", num(500)),
                   "field \"charge_state.charge_current_request\" must be between 0 and 100, "
                   "got 500"},
        RejectCase{"request_max_500_amps", cs("charge_current_request_max", num(500)),
                   "field \"charge_state.charge_current_request_max\" must be between 0 and "
                   "100, got 500"},
        RejectCase{"huge_request_max", cs("charge_current_request_max", num(4000)),
                   "field \"charge_state.charge_current_request_max\" must be between"},
        RejectCase{"negative_request", cs("charge_current_request", num(-16)),
                   "field \"charge_state.charge_current_request\" must be between"},
        RejectCase{"level_over_100", cs("battery_level", num(101)),
                   "field \"charge_state.battery_level\" must be between 0 and 100, got 101"},
        RejectCase{"negative_range", cs("battery_range", num(-3.5)),
                   "field \"charge_state.battery_range\" must not be negative, got -3.5"},
        RejectCase{"four_phases", cs("charger_phases", num(4)),
                   "field \"charge_state.charger_phases\" must be between 0 and 3, got 4"},
        RejectCase{"voltage_in_millivolts", cs("charger_voltage", num(240000)),
                   "field \"charge_state.charger_voltage\" must be between 0 and 1000"},
        RejectCase{"limit_soc_150", cs("charge_limit_soc", num(150)),
                   "field \"charge_state.charge_limit_soc\" must be between 0 and 100"},
        RejectCase{"negative_power", cs("charger_power", num(-1)),
                   "field \"charge_state.charger_power\" must not be negative"},
        RejectCase{"negative_energy_added", cs("charge_energy_added", num(-0.1)),
                   "field \"charge_state.charge_energy_added\" must not be negative"}),
    [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace p15

namespace p15 {
namespace {

// p15-collector's rows carry each part's age when the row was written (collector/row_json.h):
// an asleep car's row repeats the last charge state read, with how old it is.
TEST(VehicleJsonParts, ChargeStateAndWallConnectorCarryTheirOwnAge) {
  web::json::value doc = web::json::value::parse(kCharging);
  doc["state"] = web::json::value::string("asleep");
  doc["charge_state_age_s"] = web::json::value::number(1200);
  web::json::value wc;
  wc["vehicle_connected"] = web::json::value::boolean(true);
  wc["contactor_closed"] = web::json::value::boolean(false);
  wc["vehicle_current_a"] = web::json::value::number(0.2);
  wc["grid_v"] = web::json::value::number(241.5);
  wc["session_s"] = web::json::value::number(3600);
  wc["age_s"] = web::json::value::number(4);
  doc["wall_connector"] = wc;
  auto r = parse_vehicle_json(doc.serialize(), kRow, kTime);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->state, VehicleState::Asleep);
  EXPECT_EQ(r->charge_state_time, kTime - Seconds{1200});
  ASSERT_TRUE(r->wall_connector.has_value());
  EXPECT_TRUE(r->wall_connector->vehicle_connected);
  EXPECT_FALSE(r->wall_connector->contactor_closed);
  EXPECT_DOUBLE_EQ(r->wall_connector->grid_v, 241.5);
  EXPECT_EQ(r->wall_connector->session_s, 3600);
  EXPECT_EQ(r->wall_connector->read_at, kTime - Seconds{4});
}

TEST(VehicleJsonParts, ARowWithoutAgesIsAsOldAsItsRow) {
  auto r = parse_vehicle_json(kCharging, kRow, kTime);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_FALSE(r->charge_state_time.has_value());
  EXPECT_FALSE(r->wall_connector.has_value());
}

struct BadPart {
  const char* name;
  const char* key;
  const char* json;   // the value put at `key`
  const char* field;  // what the error must name
};

class VehicleJsonBadPart : public ::testing::TestWithParam<BadPart> {};

TEST_P(VehicleJsonBadPart, IsInvalidNamingTheField) {
  web::json::value doc = web::json::value::parse(kCharging);
  doc[GetParam().key] = web::json::value::parse(GetParam().json);
  auto r = parse_vehicle_json(doc.serialize(), kRow, kTime);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Invalid);
  EXPECT_NE(r.error().message.find(GetParam().field), std::string::npos) << r.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, VehicleJsonBadPart,
    ::testing::Values(BadPart{"negative_age", "charge_state_age_s", "-5", "charge_state_age_s"},
                      BadPart{"text_age", "charge_state_age_s", "\"old\"", "charge_state_age_s"},
                      BadPart{"wc_not_object", "wall_connector", "true", "wall_connector"},
                      BadPart{"wc_no_connected", "wall_connector", R"({"contactor_closed":false})",
                              "vehicle_connected"},
                      BadPart{"wc_bad_age", "wall_connector",
                              R"({"vehicle_connected":true,"contactor_closed":true,"age_s":-1})",
                              "age_s"}),
    [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace p15
