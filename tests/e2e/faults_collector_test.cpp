// Fault matrix, the collector's side: rows the service cannot trust (old, from the future, not
// JSON, a field missing or of the wrong type, an absurd value, none at all) are refused with the
// table, row and field named, counted, and never turned into a command.
#include <gtest/gtest.h>

#include <thread>

#include "tests/e2e/fault_matrix.h"
#include "tests/e2e/fixtures.h"

namespace p15::test {
namespace {

using web::json::value;

// A sunny noon, the car plugged in and Stopped at 40 miles: trusted, these rows make the legacy
// policy send set_charging_amps 32 and charge_start, so "nothing sent" below means something.
const Flows kSunny{6000, 500, -5000, -500};
std::string battery_ok() { return powerwall_flat(kSunny); }
std::string car_ok() { return vehicle_json(Car{}); }

// battery_ok() with `key` set to `v` (removed when nullopt).
std::string battery_with(const std::string& key, const std::optional<value>& v) {
  value doc = value::parse(battery_ok());
  if (v) {
    doc[key] = *v;
  } else {
    doc.as_object().erase(key);
  }
  return doc.serialize();
}

// car_ok() with charge_state.`key` set to `v`.
std::string car_with(const std::string& key, const value& v) {
  value doc = value::parse(car_ok());
  doc["charge_state"][key] = v;
  return doc.serialize();
}

using Writer = std::function<void(TestDatabase&)>;

// Both rows as JSON, `age_s` seconds old (negative: from the future).
Writer rows(std::string battery, long long battery_age_s, std::string car, long long car_age_s) {
  return [=](TestDatabase& db) {
    db.insert_battery(battery, utc_sql_time(-battery_age_s));
    db.insert_vehicle(car, utc_sql_time(-car_age_s));
  };
}

// A battery row whose data is not JSON at all: the JSON column's CHECK (json_valid) is switched
// off for the session, as an older MariaDB or a LONGTEXT column would let it through.
Writer raw_battery(std::string text) {
  return [=](TestDatabase& db) {
    db.exec("SET SESSION check_constraint_checks = 0");
    db.exec("INSERT INTO battery_model (data, `timestamp`) VALUES (" + db.quote(text) + ", " +
            db.quote(utc_sql_time(-5)) + ")");
    db.exec("SET SESSION check_constraint_checks = 1");
    db.insert_vehicle(car_ok(), utc_sql_time(-5));
  };
}

struct CollectorCase {
  std::string name;
  std::string fault;  // the matrix's words
  Writer write;
  std::string kind;                 // the 503's "kind" and the poll cycle's result label
  std::vector<std::string> errors;  // substrings of the 503's "error"
  std::string counter;              // a series that counts the refusal (empty: none does)
};

std::string label_of(const std::string& kind) { return kind == "unavailable" ? "db_error" : kind; }

class CollectorFault : public ServiceE2E, public ::testing::WithParamInterface<CollectorCase> {};

// One poll cycle at start-up (the interval is an hour) and one GET /manage-vehicle: both refuse.
TEST_P(CollectorFault, IsRefusedNamedCountedAndNothingIsSent) {
  const auto& c = GetParam();
  c.write(db_);
  start_service("poll:\n  interval_s: 3600\n  autostart: true\n");
  ASSERT_TRUE(eventually([&] {
    auto st = get(root() + "/status-poll");
    return st.status == 200 && st.json()["cycles"].as_integer() == 1;
  })) << service_->log();

  auto r = get(root() + "/manage-vehicle");
  ASSERT_EQ(r.status, 503) << r.body;
  EXPECT_EQ(r.json()["kind"].as_string(), c.kind) << r.body;
  const std::string error = r.json()["error"].as_string();
  for (const auto& part : c.errors)
    EXPECT_TRUE(contains(error, part)) << error << "\nwant: " << part;

  // What the service did: nothing recorded, nothing sent, the car untouched.
  EXPECT_TRUE(db_.query("SELECT id FROM smart_charger_model").empty());
  EXPECT_EQ(fleet_calls(fleet_.requests()), std::vector<std::string>{});
  EXPECT_EQ(fleet_.car().state.charging_state, ChargingState::Stopped);

  // What the user sees besides the 503.
  auto status = get(root() + "/status-poll");
  EXPECT_EQ(status.json()["last_result"].as_string(), label_of(c.kind)) << status.body;
  auto health = get("/healthcheck");
  EXPECT_EQ(health.status, 200) << "the service is healthy, its data is not: " << health.body;
  const std::string metrics = get("/metrics").body;
  const std::string cycles = "p15_poll_cycles_total{result=\"" + label_of(c.kind) + "\"}";
  EXPECT_EQ(metric_value(metrics, cycles), 1) << metrics;
  if (!c.counter.empty()) EXPECT_EQ(metric_value(metrics, c.counter), 2) << metrics;
  const std::string log = service_->log();
  const std::string said = "cycle refused (" + label_of(c.kind) + "): " + c.errors.front();
  EXPECT_TRUE(contains(log, said)) << "no log line with: " << said << "\n" << log;

  const std::string shown = c.errors.front() + (c.errors.size() > 1 ? "..." + c.errors.back() : "");
  std::string saw =
      "`GET /manage-vehicle` 503 " + code(c.kind) + " " + code(shown) + ", the same in the log (" +
      code("cycle refused (" + label_of(c.kind) + "): ...") + "); `/healthcheck` 200; " +
      code(c.counter.empty() ? cycles : c.counter) + " +1 a cycle";
  record_matrix_row("2-collector-" + c.name,
                    {c.fault, "refused: no decision recorded, no Tesla request", saw});
}

const std::string kStaleLimit = " s old (limit 300 s, poll.stale_after_s)";
const std::string kStale = "p15_stale_rows_total{table=\"battery_model\"}";
const std::string kStaleCar = "p15_stale_rows_total{table=\"vehicle_model\"}";
const std::string kInvalid = "p15_invalid_rows_total{table=\"battery_model\"}";
const std::string kInvalidCar = "p15_invalid_rows_total{table=\"vehicle_model\"}";

INSTANTIATE_TEST_SUITE_P(Matrix, CollectorFault,
                         ::testing::Values(
                             CollectorCase{"01_stale_battery_row",
                                           "collector stopped writing: Powerwall row 15 min old",
                                           rows(battery_ok(), 900, car_ok(), 5),
                                           "stale",
                                           {"battery_model row 1 is 90", kStaleLimit},
                                           kStale},
                             CollectorCase{"02_stale_vehicle_row",
                                           "collector stopped writing: car row 15 min old",
                                           rows(battery_ok(), 5, car_ok(), 900),
                                           "stale",
                                           {"vehicle_model row 1 is 90", kStaleLimit},
                                           kStaleCar},
                             CollectorCase{
                                 "03_future_row",
                                 "clock skew: Powerwall row stamped 10 min in the future",
                                 rows(battery_ok(), -600, car_ok(), 5),
                                 "stale",
                                 {"battery_model row 1 is stamped ",
                                  " s in the future (clock skew; timestamps must be UTC)"},
                                 kStale},
                             CollectorCase{"04_not_json",
                                           "malformed JSON (truncated text)",
                                           raw_battery(R"({"solar_power": 6000, "load_power")"),
                                           "invalid",
                                           {"battery_model row 1: data is not valid JSON"},
                                           kInvalid},
                             CollectorCase{
                                 "05_missing_field",
                                 "a missing field (`grid_power`)",
                                 rows(battery_with("grid_power", std::nullopt), 5, car_ok(), 5),
                                 "invalid",
                                 {"battery_model row 1: field \"grid_power\" is missing"},
                                 kInvalid},
                             CollectorCase{"06_wrong_type",
                                           "a wrong type (`\"solar_power\": \"lots\"`)",
                                           rows(R"({"solar_power": "lots"})", 5, car_ok(), 5),
                                           "invalid",
                                           {"battery_model row 1: field \"solar_power\" must be a "
                                            "number, got string"},
                                           kInvalid},
                             CollectorCase{
                                 "07_wrong_type_car",
                                 "a wrong type in the car row (amps as a string)",
                                 rows(battery_ok(), 5,
                                      car_with("charger_actual_current", value::string("0")), 5),
                                 "invalid",
                                 {"vehicle_model row 1: field "
                                  "\"charge_state.charger_actual_current\" must be "
                                  "a number, got string"},
                                 kInvalidCar},
                             CollectorCase{
                                 "08_negative_energy",
                                 "absurd: `energy_left` -500 Wh",
                                 rows(battery_with("energy_left", value(-500)), 5, car_ok(), 5),
                                 "invalid",
                                 {"battery_model row 1: field \"energy_left\" must not be "
                                  "negative, got -500"},
                                 kInvalid},
                             CollectorCase{
                                 "09_megawatt_solar",
                                 "absurd: 1 MW of solar",
                                 rows(battery_with("solar_power", value(1000000)), 5, car_ok(), 5),
                                 "invalid",
                                 {"battery_model row 1: field \"solar_power\" must be between -100 "
                                  "and 100000, "
                                  "got 1000000"},
                                 kInvalid},
                             CollectorCase{"10_percentage_over_100",
                                           "absurd: Powerwall charged 130 %",
                                           rows(battery_with("percentage_charged", value(130)), 5,
                                                car_ok(), 5),
                                           "invalid",
                                           {"battery_model row 1: field \"percentage_charged\" "
                                            "must be between 0 and "
                                            "100, got 130"},
                                           kInvalid},
                             CollectorCase{"11_reserve_over_100",
                                           "absurd: backup reserve 150 %",
                                           rows(battery_with("backup_reserve_percent", value(150)),
                                                5, car_ok(), 5),
                                           "invalid",
                                           {"battery_model row 1: field \"backup_reserve_percent\" "
                                            "must be between 0 "
                                            "and 100, got 150"},
                                           kInvalid},
                             CollectorCase{"12_car_500_amps",
                                           "absurd: the car draws 500 A",
                                           rows(battery_ok(), 5,
                                                car_with("charger_actual_current", value(500)), 5),
                                           "invalid",
                                           {"vehicle_model row 1: field "
                                            "\"charge_state.charger_actual_current\" must be "
                                            "between 0 and 100, got 500"},
                                           kInvalidCar},
                             CollectorCase{"13_null_data",
                                           "a row with NULL data",
                                           [](TestDatabase& db) {
                                             db.insert_battery(std::nullopt, utc_sql_time(-5));
                                             db.insert_vehicle(car_ok(), utc_sql_time(-5));
                                           },
                                           "invalid",
                                           {"battery_model row 1: data is NULL"},
                                           kInvalid},
                             CollectorCase{"14_no_rows",
                                           "no rows yet (collector never wrote)",
                                           [](TestDatabase& db) {
                                             db.insert_vehicle(car_ok(), utc_sql_time(-5));
                                           },
                                           "no_data",
                                           {"battery_model has no rows"},
                                           ""}),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace p15::test
