// GET/PUT {root}/vehicles/{vin}/charge-mode over real HTTP with a real MariaDB: validation,
// unknown cars, persistence across a restart, the database down, and a cycle using the mode.
#include <gtest/gtest.h>

#include "tests/e2e/fixtures.h"

namespace p15::test {
namespace {

using web::json::value;

const char* const kJson = "application/json";

class ChargeModeE2E : public ServiceE2E {
 protected:
  std::string url(const std::string& vin = kVin) {
    return service_->base_url() + root() + "/vehicles/" + vin + "/charge-mode";
  }
  HttpResult put(const std::string& body, const std::string& type = kJson,
                 const std::string& vin = kVin) {
    return http_request("PUT", url(vin), body, type);
  }
  HttpResult get_mode(const std::string& vin = kVin) { return http_get(url(vin)); }
};

TEST_F(ChargeModeE2E, WithNothingStoredGetAnswersTheSmartDefault) {
  start_service();
  auto r = get_mode();
  ASSERT_EQ(r.status, 200) << r.body;
  value v = r.json();
  EXPECT_EQ(v["vin"].as_string(), kVin);
  EXPECT_EQ(v["mode"].as_string(), "solar");
  EXPECT_EQ(v["source"].as_string(), "default");
  EXPECT_TRUE(v["departure"].is_null());
  EXPECT_TRUE(v["target_soc"].is_null());
  EXPECT_TRUE(v["updated_at"].is_null());
  EXPECT_EQ(v["policy"].as_string(), "legacy");
}

TEST_F(ChargeModeE2E, PutStoresThePlanAndGetAnswersIt) {
  start_service();
  auto r = put(R"({"mode":"plan","departure":"07:30","target_soc":80})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["source"].as_string(), "stored");
  auto g = get_mode();
  ASSERT_EQ(g.status, 200) << g.body;
  value v = g.json();
  EXPECT_EQ(v["mode"].as_string(), "plan");
  EXPECT_EQ(v["departure"].as_string(), "07:30");
  EXPECT_EQ(v["target_soc"].as_integer(), 80);
  EXPECT_EQ(v["source"].as_string(), "stored");
  EXPECT_EQ(v["updated_at"].as_string(), r.json()["updated_at"].as_string());
  auto rows = db_.query("SELECT vin, mode, departure_local, target_soc FROM p15_charge_plan");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][0], kVin);
  EXPECT_EQ(rows[0][1], "plan");
  EXPECT_EQ(rows[0][2], "07:30");
  EXPECT_EQ(rows[0][3], "80");
  // A second PUT replaces it, and a charset parameter on the content type is fine.
  ASSERT_EQ(put(R"({"mode":"solar+min"})", "application/json; charset=utf-8").status, 200);
  v = get_mode().json();
  EXPECT_EQ(v["mode"].as_string(), "solar+min");
  EXPECT_TRUE(v["departure"].is_null());
  EXPECT_TRUE(v["target_soc"].is_null());
}

struct BadPut {
  const char* name;
  const char* body;
  const char* content_type;
  const char* message;  // a part of the error the caller must see
};

class ChargeModeBadPut : public ChargeModeE2E, public ::testing::WithParamInterface<BadPut> {};

TEST_P(ChargeModeBadPut, Is400NamingTheFieldAndKeepsTheStoredMode) {
  start_service();
  ASSERT_EQ(put(R"({"mode":"fast"})").status, 200);
  const BadPut& c = GetParam();
  auto r = put(c.body, c.content_type);
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.json()["kind"].as_string(), "invalid") << r.body;
  EXPECT_NE(r.json()["error"].as_string().find(c.message), std::string::npos) << r.body;
  EXPECT_EQ(get_mode().json()["mode"].as_string(), "fast");
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ChargeModeBadPut,
    ::testing::Values(
        BadPut{"unknown_mode", R"({"mode":"turbo"})", kJson, "mode: expected one of off, solar"},
        BadPut{"no_mode", R"({"target_soc":80})", kJson, "mode: required"},
        BadPut{"bad_departure", R"({"mode":"plan","departure":"7:30"})", kJson,
               "departure: expected a local time of day \"HH:MM\""},
        BadPut{"plan_without_departure", R"({"mode":"plan","target_soc":80})", kJson,
               "departure: required when mode is plan"},
        BadPut{"target_zero", R"({"mode":"solar","target_soc":0})", kJson,
               "target_soc: expected an integer 1..100"},
        BadPut{"target_101", R"({"mode":"solar","target_soc":101})", kJson, "target_soc"},
        BadPut{"target_string", R"({"mode":"solar","target_soc":"80"})", kJson, "target_soc"},
        BadPut{"unknown_field", R"({"mode":"plan","departure_time":"07:30"})", kJson,
               "unknown field \"departure_time\""},
        BadPut{"malformed_json", R"({"mode":"plan",)", kJson, "body: malformed JSON"},
        BadPut{"not_an_object", R"(["plan"])", kJson, "body: expected a JSON object"},
        BadPut{"empty_body", "", kJson, "body: malformed JSON"},
        BadPut{"text_plain", R"({"mode":"fast"})", "text/plain",
               "Content-Type: expected "
               "application/json"},
        BadPut{"form", "mode=fast", "application/x-www-form-urlencoded", "Content-Type"},
        BadPut{"no_content_type", R"({"mode":"fast"})", "", "Content-Type"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST_F(ChargeModeE2E, AnotherCarIs404ForBothMethodsAndNothingIsStored) {
  start_service();
  auto g = get_mode("5YJ3E1EA1KF999999");
  EXPECT_EQ(g.status, 404) << g.body;
  EXPECT_EQ(g.json()["kind"].as_string(), "not_found");
  auto p = put(R"({"mode":"fast"})", kJson, "5YJ3E1EA1KF999999");
  EXPECT_EQ(p.status, 404) << p.body;
  EXPECT_EQ(p.json()["error"].as_string().find(kVin), std::string::npos)
      << "the managed VIN is not revealed: " << p.body;
  EXPECT_EQ(db_.scalar("SELECT COUNT(*) FROM p15_charge_plan"), "0");
  // Other paths under vehicles/ are no endpoint at all.
  EXPECT_EQ(get(root() + "/vehicles/" + kVin + "/charge-modes").status, 404);
  EXPECT_EQ(get(root() + "/vehicles/" + kVin).status, 404);
  EXPECT_EQ(http_request("DELETE", url()).status, 405);
}

TEST_F(ChargeModeE2E, WithoutAConfiguredVinEveryCarIs404) {
  start_service("", /*fleet=*/false);  // adapter none, no vehicle.vin
  EXPECT_EQ(get_mode().status, 404);
  EXPECT_EQ(put(R"({"mode":"fast"})").status, 404);
}

TEST_F(ChargeModeE2E, TheStoredModeSurvivesARestart) {
  start_service();
  auto r = put(R"({"mode":"plan","departure":"06:45","target_soc":90})");
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(service_->stop(), 0);
  service_.reset();
  start_service();
  auto g = get_mode();
  ASSERT_EQ(g.status, 200) << g.body;
  EXPECT_EQ(g.json()["mode"].as_string(), "plan");
  EXPECT_EQ(g.json()["departure"].as_string(), "06:45");
  EXPECT_EQ(g.json()["target_soc"].as_integer(), 90);
  EXPECT_EQ(g.json()["updated_at"].as_string(), r.json()["updated_at"].as_string());
}

TEST_F(ChargeModeE2E, TheDatabaseDownIs503ForBothMethods) {
  service_ = std::make_unique<ServiceProcess>(
      config_yaml(db_.config(), 0,
                  "vehicle:\n  adapter: fleet\n  vin: \"" + std::string(kVin) +
                      "\"\n  fleet_base_url: \"" + fleet_.base_url() + "\"\n  fleet_ca_file: \"" +
                      proxy_tls().ca + "\"\n"),
      std::map<std::string, std::string>{{"P15_VEHICLE_FLEET_TOKEN", kToken},
                                         {"P15_DATABASE_PORT", std::to_string(free_port())}});
  auto g = get_mode();
  EXPECT_EQ(g.status, 503) << g.body;
  EXPECT_EQ(g.json()["kind"].as_string(), "unavailable");
  auto p = put(R"({"mode":"fast"})");
  EXPECT_EQ(p.status, 503) << p.body;
  EXPECT_EQ(p.json()["kind"].as_string(), "unavailable");
  // Validation needs no database: a bad body is still the caller's 400.
  EXPECT_EQ(put(R"({"mode":"turbo"})").status, 400);
}

TEST_F(ChargeModeE2E, TheNextCycleDecidesInTheStoredMode) {
  db_.insert_battery(powerwall_flat(Flows{0, 500, 500, 0}), utc_sql_time(-2));
  Car car;
  car.charging_state = "Stopped";
  db_.insert_vehicle(vehicle_json(car), utc_sql_time(-2));
  start_service("policy:\n  name: smart\n");
  auto before = get(root() + "/set-charging-amps");
  ASSERT_EQ(before.status, 200) << before.body;
  EXPECT_EQ(before.json()["features"]["mode"].as_string(), "solar");
  EXPECT_EQ(before.json()["amps"].as_integer(), 0) << "no sun at night";
  ASSERT_EQ(put(R"({"mode":"fast","target_soc":90})").status, 200);
  auto after = get(root() + "/manage-vehicle");
  ASSERT_EQ(after.status, 200) << after.body;
  EXPECT_EQ(after.json()["amps"].as_integer(), 32);
  EXPECT_EQ(after.json()["action"].as_string(), "start") << after.body;
  auto row = db_.query(
      "SELECT JSON_VALUE(features, '$.mode'), JSON_VALUE(features, '$.target_soc') "
      "FROM smart_charger_model ORDER BY id DESC LIMIT 1");
  ASSERT_EQ(row.size(), 1u);
  EXPECT_EQ(row[0][0], "fast");
  EXPECT_EQ(row[0][1], "90");
  EXPECT_NE(service_->log().find("mode=fast target_soc=90"), std::string::npos) << service_->log();
  ASSERT_FALSE(fleet_.requests().empty());
}

}  // namespace
}  // namespace p15::test
