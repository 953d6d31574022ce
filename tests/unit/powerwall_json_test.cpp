// battery_model.data parsing: both shapes, every required field, wrong types, absurd values.
#include "service/store/powerwall_json.h"

#include <cpprest/json.h>
#include <gtest/gtest.h>

#include <cctype>
#include <optional>

namespace p15 {
namespace {

constexpr std::int64_t kRow = 42;
const TimePoint kTime{Seconds{1714564800}};  // 2024-05-01 12:00:00 UTC

// The legacy document of domain.md section 3 (TeslaPy get_battery_data, before 2023).
const char* const kLegacy = R"({
  "energy_left": 9211.5, "total_pack_energy": 13098, "percentage_charged": 70.3,
  "battery_power": -1200, "grid_status": "Active",
  "backup": {"backup_reserve_percent": 20},
  "power_reading": [{"timestamp": "2023-05-01T12:00:00-07:00", "load_power": 850,
                     "solar_power": 5700, "grid_power": -3650, "battery_power": -1200,
                     "generator_power": 0}]})";

// Fleet API site_info merged with live_status, as TeslaPy returns it today (two Powerwalls).
const char* const kCurrent = R"({
  "id": "STE20230101-00001", "site_name": "Home", "backup_reserve_percent": 30,
  "default_real_mode": "self_consumption", "installation_date": "2023-01-01T10:00:00-08:00",
  "version": "24.12.3", "battery_count": 2, "nameplate_power": 10000, "nameplate_energy": 27000,
  "solar_power": 6120, "energy_left": 20470.5, "total_pack_energy": 26850,
  "percentage_charged": 76.24, "backup_capable": true, "battery_power": -2500,
  "load_power": 1310, "grid_status": "Active", "grid_services_active": false,
  "grid_power": -2310, "grid_services_power": 0, "generator_power": 0,
  "island_status": "on_grid", "storm_mode_active": false,
  "timestamp": "2024-06-01T12:34:56-07:00", "wall_connectors": []})";

// Current shape with only nameplate_energy, at night, no optional fields, integer-valued floats.
const char* const kCurrentMinimal = R"({
  "solar_power": 0.0, "load_power": 640.0, "grid_power": 0, "battery_power": 640,
  "energy_left": 5400, "nameplate_energy": 13500, "backup_reserve_percent": 20.0})";

// Today's live_status (since March 2024): no energy_left, no total_pack_energy; TeslaPy's merged
// row also lacks site_info's nameplate_energy when the collector skips it.
const char* const kToday = R"({
  "solar_power": 3100, "percentage_charged": 64, "battery_power": -1500, "load_power": 900,
  "grid_status": "Active", "grid_power": -700, "generator_power": 0,
  "island_status": "on_grid", "storm_mode_active": false, "backup_reserve_percent": 20,
  "timestamp": "2026-06-01T12:34:56-07:00"})";

struct ParseCase {
  std::string name;
  std::string json;
  PowerwallShape shape;
  double solar, load, grid, battery, generator;
  double energy_left, total, percentage, reserve;
  std::optional<std::string> grid_status;  // nullopt: the row has none
  PowerwallFallbacks fallbacks{};          // the owner's settings
};

class PowerwallJsonParses : public ::testing::TestWithParam<ParseCase> {};

TEST_P(PowerwallJsonParses, ReadsEveryField) {
  const auto& c = GetParam();
  auto r = parse_powerwall_json(c.json, kRow, kTime, c.fallbacks);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->row_id, kRow);
  EXPECT_EQ(r->row_time, kTime);
  EXPECT_EQ(r->shape, c.shape);
  EXPECT_DOUBLE_EQ(r->solar_w, c.solar);
  EXPECT_DOUBLE_EQ(r->load_w, c.load);
  EXPECT_DOUBLE_EQ(r->grid_w, c.grid);
  EXPECT_DOUBLE_EQ(r->battery_w, c.battery);
  EXPECT_DOUBLE_EQ(r->generator_w, c.generator);
  EXPECT_DOUBLE_EQ(r->energy_left_wh, c.energy_left);
  EXPECT_DOUBLE_EQ(r->total_pack_energy_wh, c.total);
  EXPECT_NEAR(r->percentage_charged, c.percentage, 1e-9);
  EXPECT_DOUBLE_EQ(r->backup_reserve_percent, c.reserve);
  EXPECT_EQ(r->grid_status, c.grid_status);
}

using S = PowerwallShape;
INSTANTIATE_TEST_SUITE_P(
    Shapes, PowerwallJsonParses,
    ::testing::Values(
        ParseCase{"legacy_sample", kLegacy, S::Legacy, 5700, 850, -3650, -1200, 0, 9211.5, 13098,
                  70.3, 20, "Active"},
        ParseCase{"current_sample", kCurrent, S::Current, 6120, 1310, -2310, -2500, 0, 20470.5,
                  26850, 76.24, 30, "Active"},
        ParseCase{"current_nameplate_only_defaults", kCurrentMinimal, S::Current, 0, 640, 0, 640, 0,
                  5400, 13500, 40, 20, std::nullopt},
        ParseCase{"legacy_flows_from_power_reading_not_top_level",
                  R"({"energy_left":1000,"total_pack_energy":2000,"battery_power":999,
                      "backup":{"backup_reserve_percent":0},
                      "power_reading":[{"solar_power":1,"load_power":2,"grid_power":3,
                                        "battery_power":-2,"generator_power":null}]})",
                  S::Legacy, 1, 2, 3, -2, 0, 1000, 2000, 50, 0, std::nullopt},
        ParseCase{"current_nulls_are_defaults",
                  R"({"solar_power":10,"load_power":20,"grid_power":30,"battery_power":-20,
                      "generator_power":null,"grid_status":null,"percentage_charged":null,
                      "energy_left":0,"total_pack_energy":1,"backup_reserve_percent":100})",
                  S::Current, 10, 20, 30, -20, 0, 0, 1, 0, 100, std::nullopt},
        ParseCase{"night_inverter_draw_accepted",
                  R"({"solar_power":-7,"load_power":300,"grid_power":0,"battery_power":307,
                      "energy_left":5000,"total_pack_energy":13500,"backup_reserve_percent":20})",
                  S::Current, -7, 300, 0, 307, 0, 5000, 13500, 5000.0 / 135, 20, std::nullopt},
        ParseCase{"boundary_100kw_accepted",
                  R"({"solar_power":100000,"load_power":0,"grid_power":-100000,
                      "battery_power":0,"generator_power":-100000,"energy_left":1,
                      "total_pack_energy":1,"backup_reserve_percent":0,"grid_status":"Islanded"})",
                  S::Current, 100000, 0, -100000, 0, -100000, 1, 1, 100, 0, "Islanded"},
        ParseCase{"full_pack_100_percent_accepted",
                  R"({"solar_power":0,"load_power":0,"grid_power":0,"battery_power":0,
                      "energy_left":13500,"total_pack_energy":13500,"percentage_charged":100,
                      "backup_reserve_percent":100})",
                  S::Current, 0, 0, 0, 0, 0, 13500, 13500, 100, 100, std::nullopt},
        ParseCase{"total_pack_preferred_over_nameplate",
                  R"({"solar_power":0,"load_power":0,"grid_power":0,"battery_power":0,
                      "energy_left":100,"total_pack_energy":200,"nameplate_energy":13500,
                      "backup_reserve_percent":5})",
                  S::Current, 0, 0, 0, 0, 0, 100, 200, 50, 5, std::nullopt},
        ParseCase{"null_total_pack_falls_back_to_nameplate",
                  R"({"solar_power":0,"load_power":0,"grid_power":0,"battery_power":0,
                      "energy_left":100,"total_pack_energy":null,"nameplate_energy":400,
                      "backup_reserve_percent":5})",
                  S::Current, 0, 0, 0, 0, 0, 100, 400, 25, 5, std::nullopt}),
    [](const auto& info) { return info.param.name; });

// A copy of the JSON object `json` with `fields` ("\"k\":v,") added at its start.
std::string with(const std::string& fields, const std::string& json) {
  return "{" + fields + json.substr(json.find('{') + 1);
}

using F = PowerwallFallbacks;
// Today's rows: the energy from percentage_charged and the first capacity found.
INSTANTIATE_TEST_SUITE_P(
    TodaysRows, PowerwallJsonParses,
    ::testing::Values(
        ParseCase{"percentage_times_nameplate", with(R"("nameplate_energy":13500,)", kToday),
                  S::LiveStatus, 3100, 900, -700, -1500, 0, 8640, 13500, 64, 20, "Active"},
        ParseCase{"percentage_times_capacity_setting", kToday, S::LiveStatus, 3100, 900, -700,
                  -1500, 0, 17280, 27000, 64, 20, "Active", F{27000, std::nullopt}},
        ParseCase{"nameplate_beats_the_setting", with(R"("nameplate_energy":13500,)", kToday),
                  S::LiveStatus, 3100, 900, -700, -1500, 0, 8640, 13500, 64, 20, "Active",
                  F{27000, std::nullopt}},
        ParseCase{"live_pack_beats_nameplate",
                  with(R"("total_pack_energy":12000,"nameplate_energy":13500,)", kToday),
                  S::LiveStatus, 3100, 900, -700, -1500, 0, 7680, 12000, 64, 20, "Active"},
        ParseCase{"reserve_from_the_setting",
                  R"({"solar_power":0,"load_power":500,"grid_power":0,"battery_power":500,
                      "percentage_charged":50,"backup_reserve_percent":null})",
                  S::LiveStatus, 0, 500, 0, 500, 0, 6750, 13500, 50, 35, std::nullopt,
                  F{13500, 35}},
        ParseCase{"row_reserve_beats_the_setting", kToday, S::LiveStatus, 3100, 900, -700, -1500, 0,
                  8640, 13500, 64, 20, "Active", F{13500, 50}},
        ParseCase{"energy_left_with_capacity_setting",
                  R"({"solar_power":0,"load_power":0,"grid_power":0,"battery_power":0,
                      "energy_left":5000,"backup_reserve_percent":10})",
                  S::Current, 0, 0, 0, 0, 0, 5000, 13500, 5000.0 / 135, 10, std::nullopt,
                  F{13500, std::nullopt}},
        ParseCase{
            "fleet_api_envelope",
            std::string(R"({"response":)") + with(R"("nameplate_energy":13500,)", kToday) + "}",
            S::LiveStatus, 3100, 900, -700, -1500, 0, 8640, 13500, 64, 20, "Active"}),
    [](const auto& info) { return info.param.name; });

struct RejectCase {
  std::string name;
  std::string json;
  std::string want;  // a substring of the error message
};

class PowerwallJsonRejects : public ::testing::TestWithParam<RejectCase> {};

TEST_P(PowerwallJsonRejects, WithMessageNamingRowAndField) {
  const auto& c = GetParam();
  auto r = parse_powerwall_json(c.json, kRow, kTime);
  ASSERT_FALSE(r.ok()) << "parsed: " << c.json;
  EXPECT_EQ(r.error().kind, ErrorKind::Invalid);
  EXPECT_EQ(r.error().message.rfind("battery_model row 42: ", 0), 0u) << r.error().message;
  EXPECT_NE(r.error().message.find(c.want), std::string::npos)
      << "message: " << r.error().message << "\nwanted: " << c.want;
}

// A copy of `json` with the field at `path` ("a", "a.b" or "power_reading[0].b") replaced by
// `value`, or removed when value is nullopt.
std::string edit(const std::string& json, const std::string& path,
                 const std::optional<web::json::value>& value) {
  auto doc = web::json::value::parse(json);
  web::json::value* node = &doc;
  std::string key = path;
  if (auto dot = path.find('.'); dot != std::string::npos) {
    std::string parent = path.substr(0, dot);
    key = path.substr(dot + 1);
    node = parent == "power_reading[0]" ? &doc.at("power_reading").at(0) : &doc.at(parent);
  }
  if (value) {
    (*node)[key] = *value;
  } else {
    node->as_object().erase(key);
  }
  return doc.serialize();
}

std::string case_name(const std::string& prefix, const std::string& path) {
  std::string out = prefix + "_" + path;
  for (char& ch : out) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  }
  return out;
}

// Missing, null and string for every required field of both shapes.
std::vector<RejectCase> required_field_cases() {
  const std::pair<const char*, std::vector<std::string>> shapes[] = {
      {kLegacy,
       {"energy_left", "total_pack_energy", "backup.backup_reserve_percent",
        "power_reading[0].solar_power", "power_reading[0].load_power",
        "power_reading[0].grid_power", "power_reading[0].battery_power"}},
      {kCurrentMinimal,
       {"solar_power", "load_power", "grid_power", "battery_power", "energy_left",
        "nameplate_energy", "backup_reserve_percent"}}};
  std::vector<RejectCase> out;
  for (const auto& [json, paths] : shapes) {
    const std::string shape = json == kLegacy ? "legacy" : "current";
    for (const auto& path : paths) {
      // Without nameplate_energy the parser asks for the live pack size first.
      const std::string named = path == "nameplate_energy" ? "total_pack_energy" : path;
      out.push_back({case_name(shape + "_missing", path), edit(json, path, std::nullopt),
                     "field \"" + named + "\" is missing"});
      if (path == "nameplate_energy") continue;
      // Null is absent (TeslaPy writes null for what it lacks): where the current shape has a
      // fallback, a null field is as missing as an absent one.
      const bool has_fallback =
          shape == "current" && (path == "energy_left" || path == "backup_reserve_percent");
      out.push_back({case_name(shape + "_null", path), edit(json, path, web::json::value::null()),
                     has_fallback ? "field \"" + path + "\" is missing ("
                                  : "field \"" + path + "\" must be a number, got null"});
      out.push_back({case_name(shape + "_string", path),
                     edit(json, path, web::json::value::string("5")),
                     "field \"" + path + "\" must be a number, got string"});
    }
  }
  return out;
}

INSTANTIATE_TEST_SUITE_P(RequiredFields, PowerwallJsonRejects,
                         ::testing::ValuesIn(required_field_cases()),
                         [](const auto& info) { return info.param.name; });

INSTANTIATE_TEST_SUITE_P(
    Structure, PowerwallJsonRejects,
    ::testing::Values(
        RejectCase{"empty_text", "", "data is not valid JSON"},
        RejectCase{"truncated", R"({"solar_power": 1)", "data is not valid JSON"},
        RejectCase{"array", "[1, 2]", "data must be a JSON object, got array"},
        RejectCase{"string", R"("hello")", "data must be a JSON object, got string"},
        RejectCase{"null", "null", "data must be a JSON object, got null"},
        RejectCase{"empty_object", "{}", "neither the legacy shape"},
        RejectCase{"vehicle_row", R"({"state":"online","charge_state":{}})",
                   "neither the legacy shape"},
        RejectCase{"null_nameplate_no_total_pack",
                   edit(kCurrentMinimal, "nameplate_energy", web::json::value::null()),
                   "field \"total_pack_energy\" is missing (and so are nameplate_energy and the "
                   "setting powerwall.capacity_wh)"},
        RejectCase{"null_total_pack_no_nameplate",
                   edit(edit(kCurrentMinimal, "nameplate_energy", std::nullopt),
                        "total_pack_energy", web::json::value::null()),
                   "field \"total_pack_energy\" is missing (and so are nameplate_energy"},
        RejectCase{"percentage_only_no_capacity", kToday,
                   "field \"total_pack_energy\" is missing (and so are nameplate_energy and the "
                   "setting powerwall.capacity_wh)"},
        RejectCase{"neither_energy_nor_percentage",
                   edit(kToday, "percentage_charged", std::nullopt),
                   "field \"energy_left\" is missing (and so is percentage_charged)"},
        RejectCase{"no_reserve_and_no_setting",
                   edit(edit(kToday, "backup_reserve_percent", std::nullopt), "nameplate_energy",
                        web::json::value::number(13500)),
                   "field \"backup_reserve_percent\" is missing (and the setting "
                   "powerwall.backup_reserve_percent is not set)"},
        RejectCase{"response_envelope_is_checked_too",
                   std::string(R"({"response":)") +
                       edit(kToday, "solar_power", web::json::value::number(-500)) + "}",
                   "field \"response.solar_power\" must be between -100 and 100000"},
        RejectCase{"power_reading_empty", edit(kLegacy, "power_reading", web::json::value::array()),
                   "field \"power_reading\" must be a non-empty array, got []"},
        RejectCase{"power_reading_object",
                   edit(kLegacy, "power_reading", web::json::value::object()),
                   "field \"power_reading\" must be a non-empty array, got object"},
        RejectCase{"power_reading_missing", edit(kLegacy, "power_reading", std::nullopt),
                   "field \"power_reading\" is missing"},
        RejectCase{"power_reading_element_number",
                   R"({"backup":{"backup_reserve_percent":1},"power_reading":[5]})",
                   "field \"power_reading[0]\" must be an object, got number"},
        RejectCase{"backup_missing", edit(kLegacy, "backup", std::nullopt),
                   "field \"backup\" is missing"},
        RejectCase{"backup_number", edit(kLegacy, "backup", web::json::value::number(20)),
                   "field \"backup\" must be an object, got number"},
        RejectCase{"generator_string",
                   edit(kCurrent, "generator_power", web::json::value::string("0")),
                   "field \"generator_power\" must be a number, got string"},
        RejectCase{"grid_status_number", edit(kCurrent, "grid_status", web::json::value(1)),
                   "field \"grid_status\" must be a string, got number"},
        RejectCase{"bool_power", edit(kCurrent, "solar_power", web::json::value::boolean(true)),
                   "field \"solar_power\" must be a number, got boolean"}),
    [](const auto& info) { return info.param.name; });

web::json::value num(double v) { return web::json::value::number(v); }

INSTANTIATE_TEST_SUITE_P(
    AbsurdValues, PowerwallJsonRejects,
    ::testing::Values(
        RejectCase{"infinite_solar", R"({"solar_power":1e400,"load_power":0,"grid_power":0,
                   "battery_power":0,"energy_left":1,"total_pack_energy":1,
                   "backup_reserve_percent":1})",
                   "field \"solar_power\" must be a finite number"},
        RejectCase{"negative_infinite_energy", R"({"backup":{"backup_reserve_percent":1},
                   "power_reading":[{"solar_power":0,"load_power":0,"grid_power":0,
                   "battery_power":0}],"energy_left":-1e999,"total_pack_energy":1})",
                   "field \"energy_left\" must be a finite number"},
        RejectCase{"negative_energy_left", edit(kCurrent, "energy_left", num(-1)),
                   "field \"energy_left\" must not be negative, got -1"},
        RejectCase{"negative_total_pack", edit(kLegacy, "total_pack_energy", num(-13500)),
                   "field \"total_pack_energy\" must be positive, got -13500"},
        RejectCase{"zero_total_pack", edit(kCurrent, "total_pack_energy", num(0)),
                   "field \"total_pack_energy\" must be positive, got 0"},
        RejectCase{"zero_nameplate", edit(kCurrentMinimal, "nameplate_energy", num(0)),
                   "field \"nameplate_energy\" must be positive, got 0"},
        RejectCase{"percentage_above_100", edit(kCurrent, "percentage_charged", num(130)),
                   "field \"percentage_charged\" must be between 0 and 100, got 130"},
        RejectCase{"percentage_negative", edit(kLegacy, "percentage_charged", num(-2)),
                   "field \"percentage_charged\" must be between 0 and 100, got -2"},
        RejectCase{"negative_energy_left_legacy", edit(kLegacy, "energy_left", num(-500)),
                   "field \"energy_left\" must not be negative, got -500"},
        RejectCase{"solar_one_megawatt", edit(kCurrent, "solar_power", num(1e6)),
                   "field \"solar_power\" must be between -100 and 100000, got 1000000"},
        RejectCase{"reserve_above_100", edit(kCurrent, "backup_reserve_percent", num(100.5)),
                   "field \"backup_reserve_percent\" must be between 0 and 100, got 100.5"},
        RejectCase{"reserve_negative", edit(kLegacy, "backup.backup_reserve_percent", num(-1)),
                   "field \"backup.backup_reserve_percent\" must be between 0 and 100, got -1"},
        RejectCase{
            "negative_solar", edit(kLegacy, "power_reading[0].solar_power", num(-500)),
            "field \"power_reading[0].solar_power\" must be between -100 and 100000, got -500"},
        RejectCase{"negative_load", edit(kCurrent, "load_power", num(-0.5)),
                   "field \"load_power\" must not be negative, got -0.5"},
        RejectCase{"solar_in_milliwatts", edit(kCurrent, "solar_power", num(6120000)),
                   "field \"solar_power\" must be between -100 and 100000, got 6120000"},
        RejectCase{"load_over_100kw", edit(kCurrent, "load_power", num(100001)),
                   "field \"load_power\" must be between -100000 and 100000"},
        RejectCase{"grid_export_over_100kw", edit(kCurrent, "grid_power", num(-100001)),
                   "field \"grid_power\" must be between -100000 and 100000, got -100001"},
        RejectCase{"battery_over_100kw",
                   edit(kLegacy, "power_reading[0].battery_power", num(250000)),
                   "field \"power_reading[0].battery_power\" must be between"},
        RejectCase{"generator_over_100kw", edit(kCurrent, "generator_power", num(1e6)),
                   "field \"generator_power\" must be between"}),
    [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace p15

namespace p15 {
namespace {

// The collector writes how old the Powerwall's reading was when it wrote the row.
TEST(PowerwallJsonAge, TheReadingCarriesItsOwnAgeAndABadOneNamesTheField) {
  web::json::value doc = web::json::value::parse(kCurrent);
  auto plain = parse_powerwall_json(doc.serialize(), kRow, kTime, {});
  ASSERT_TRUE(plain.ok()) << plain.error().message;
  EXPECT_FALSE(plain->reading_time.has_value());
  doc["age_s"] = web::json::value::number(7);
  auto aged = parse_powerwall_json(doc.serialize(), kRow, kTime, {});
  ASSERT_TRUE(aged.ok()) << aged.error().message;
  EXPECT_EQ(aged->reading_time, kTime - Seconds{7});
  doc["age_s"] = web::json::value::number(-3);
  auto bad = parse_powerwall_json(doc.serialize(), kRow, kTime, {});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("battery_model row 42: field \"age_s\""), std::string::npos)
      << bad.error().message;
}

}  // namespace
}  // namespace p15

namespace p15 {
namespace {

TEST(PowerwallJsonMode, TheRowsModeIsKeptWhenItHasOneAndABadOneNamesTheField) {
  auto current = parse_powerwall_json(kCurrent, kRow, kTime, {});
  ASSERT_TRUE(current.ok()) << current.error().message;
  EXPECT_EQ(current->default_real_mode, "self_consumption");
  auto none = parse_powerwall_json(kCurrentMinimal, kRow, kTime, {});
  ASSERT_TRUE(none.ok()) << none.error().message;
  EXPECT_FALSE(none->default_real_mode.has_value());
  web::json::value doc = web::json::value::parse(kCurrent);
  doc["default_real_mode"] = web::json::value::number(1);
  auto bad = parse_powerwall_json(doc.serialize(), kRow, kTime, {});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("default_real_mode"), std::string::npos)
      << bad.error().message;
}

}  // namespace
}  // namespace p15
