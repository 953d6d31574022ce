// Real responses against the OpenAPI description: several real services (fresh rows and a fake
// Fleet API; a stale row; a malformed row with Swagger UI missing; no rows; the database down)
// answer every operation, and tests/ecosystem/validate_responses.mjs checks each answer's status,
// Content-Type and body against the spec's schemas.
#include <cpprest/json.h>
#include <gtest/gtest.h>

#include "tests/ecosystem/eco_fixture.h"

namespace p15::test {
namespace {

using web::json::value;

struct Case {
  std::string path;
  int status;
  std::string kind;  // expected "kind" field of a JSON error body, if any
  std::string method = "GET";
  std::optional<std::string> body;  // sent as is, with content_type
  std::string content_type = "application/json";
  std::string token;    // sent as "Authorization: Bearer <token>" when not empty
  bool stream = false;  // an event stream: read up to its first event
};

Case stream(std::string path) {
  Case c{.path = std::move(path), .status = 200};
  c.stream = true;
  return c;
}

constexpr const char* kApiToken = "spec-api-token-0123";

Case with_token(std::string path, int status, std::string token) {
  Case c{.path = std::move(path), .status = status};
  c.token = std::move(token);
  return c;
}

class SpecResponses : public ::testing::Test {
 protected:
  void add(const ServiceProcess& s, const std::vector<Case>& cases) {
    for (const auto& c : cases) {
      value v;
      v["base"] = value::string(s.base_url());
      v["path"] = value::string(c.path);
      v["status"] = value::number(c.status);
      if (!c.kind.empty()) v["fields"]["kind"] = value::string(c.kind);
      if (c.method != "GET") v["method"] = value::string(c.method);
      if (c.body) {
        v["body"] = value::string(*c.body);
        v["content_type"] = value::string(c.content_type);
      }
      if (c.stream) v["stream"] = value::boolean(true);
      if (!c.token.empty()) {
        v["headers"]["Authorization"] = value::string("Bearer " + c.token);
      }
      cases_.push_back(v);
    }
  }

  RunResult validate(const std::string& artifact) {
    TempDir dir;
    std::string file = dir.write("cases.json", value::array(cases_).serialize());
    RunResult r =
        run_node({eco_script("validate_responses.mjs"), "--spec", spec_path(), "--cases", file});
    std::ofstream(artifact_path(artifact)) << r.output;
    return r;
  }

  const std::string root_ = "/project_15th_street";
  std::vector<value> cases_;
};

TEST_F(SpecResponses, RealResponsesOfEveryOperationMatchTheSpec) {
  const std::string& R = root_;
  TestDatabase fresh_db;
  insert_fresh_rows(fresh_db);
  sim::FakeFleetServer fleet(kToken);
  auto fresh = start_eco_service(fresh_db, {{"P15_VEHICLE_FLEET_TOKEN", kToken}},
                                 "vehicle:\n  adapter: fleet\n  vin: \"" + std::string(kVin) +
                                     "\"\n  fleet_base_url: \"" + fleet.base_url() +
                                     "\"\n  request_timeout_s: 3\n");
  add(*fresh, {{R + "/", 200},
               {R + "/status-poll", 204},  // before any start
               {R + "/battery-status", 200},
               {R + "/set-charging-amps", 200},
               {R + "/manage-vehicle", 200},
               {R + "/savings", 200},  // two ledger rows by now
               {R + "/alerts", 200},
               {R + "/tesla-usage", 200},
               {R + "/home/today", 200},
               {R + "/sessions", 200},
               {R + "/sessions?limit=1", 200},
               {R + "/sessions?limit=0", 400},
               {R + "/sessions.csv", 200},
               {R + "/start-poll", 200},
               {R + "/status-poll", 200},
               {R + "/stop-poll", 200},
               {R + "/resume-steering", 200, "", "POST", ""},
               {"/healthcheck", 200},
               {"/metrics", 200},
               {R + "/openapi.yaml", 200},
               {R + "/ui", 200},
               {R + "/ui/", 200},
               {R + "/ui/swagger-ui.css", 200},
               {R + "/ui/swagger-ui-bundle.js", 200},
               {R + "/ui/swagger-initializer.js", 200},
               {R + "/ui/favicon-32x32.png", 200},
               {R + "/ui/..%2Fpackage.json", 400, "invalid"},
               {R + "/ui/nope.js", 404, "not_found"},
               {R + "/home/state", 200},
               stream(R + "/events"),
               {R + "/home", 200},
               {R + "/home/", 200},
               {R + "/home/home.js", 200},
               {R + "/home/home.css", 200},
               {R + "/home/..%2Fpackage.json", 400, "invalid"},
               {R + "/home/nope.js", 404, "not_found"},
               {R + "/home/vendor/uPlot.iife.min.js", 200},
               {R + "/home/vendor/uPlot.min.css", 200},
               {R + "/home/vendor/nope.js", 404, "not_found"}});
  const std::string mode = R + "/vehicles/" + kVin + "/charge-mode";
  const std::string other = R + "/vehicles/5YJ3E1EA1KF999999/charge-mode";
  const std::string plan = R"({"mode":"plan","departure":"07:30","target_soc":80})";
  add(*fresh, {{mode, 200},  // nothing stored: the default
               {mode, 200, "", "PUT", plan},
               {mode, 200},  // stored
               {mode, 200, "", "PUT", R"({"mode":"solar+min","departure":null})"},
               {mode, 400, "invalid", "PUT", R"({"mode":"turbo"})"},
               {mode, 400, "invalid", "PUT", R"({"mode":"plan","target_soc":80})"},
               {mode, 400, "invalid", "PUT", R"({"mode":"fast","target_soc":101})"},
               {mode, 400, "invalid", "PUT", R"({"mode":"fast","colour":"red"})"},
               {mode, 400, "invalid", "PUT", "{oops", "application/json"},
               {mode, 400, "invalid", "PUT", plan, "text/plain"},
               {other, 404, "not_found"},
               {other, 404, "not_found", "PUT", plan}});

  TestDatabase stale_db;
  stale_db.insert_battery(powerwall_flat(Flows{6000, 500, -5000}), utc_sql_time(-900));
  stale_db.insert_vehicle(vehicle_json(Car{}), utc_sql_time(-2));
  auto stale = start_eco_service(stale_db);
  add(*stale, {{R + "/battery-status", 503, "stale"},
               {R + "/set-charging-amps", 503, "stale"},
               {R + "/manage-vehicle", 503, "stale"},
               {R + "/alerts", 200}});  // collector_stale by now

  TestDatabase invalid_db;
  invalid_db.insert_battery(R"({"solar_power": "lots"})", utc_sql_time(-2));
  invalid_db.insert_vehicle(vehicle_json(Car{}), utc_sql_time(-2));
  auto bare = start_eco_service(invalid_db, {{"P15_SERVICE_UI_DIR", "/nonexistent/ui"},
                                             {"P15_SERVICE_HOME_DIR", "/nonexistent/web"},
                                             {"P15_SERVICE_OPENAPI_FILE", "/nonexistent/o.yaml"}});
  add(*bare, {{R + "/battery-status", 503, "invalid"},
              {R + "/home/state", 200},  // a malformed row is left out, not an error
              {R + "/home/", 503, "unavailable"},
              {R + "/home/home.js", 503, "unavailable"},
              {R + "/home/vendor/uPlot.iife.min.js", 503, "unavailable"},
              {R + "/ui/", 503, "unavailable"},
              {R + "/ui/swagger-ui.css", 503, "unavailable"},
              {R + "/openapi.yaml", 503, "unavailable"}});

  TestDatabase empty_db;
  auto empty = start_eco_service(empty_db);
  add(*empty, {{R + "/set-charging-amps", 503, "no_data"}});

  TestDatabase unused_db;
  auto down = start_eco_service(
      unused_db, {{"P15_DATABASE_PORT", std::to_string(free_port())}, {"P15_VEHICLE_VIN", kVin}});
  add(*down, {{R + "/battery-status", 503, "unavailable"},
              {R + "/home/state", 200},  // shows what there is: nothing, as nulls
              {R + "/savings", 503, "unavailable"},
              {R + "/tesla-usage", 503, "unavailable"},
              {R + "/home/today", 503, "unavailable"},
              {R + "/sessions", 503, "unavailable"},
              {R + "/sessions.csv", 503, "unavailable"},
              {"/healthcheck", 503},
              {R + "/vehicles/" + kVin + "/charge-mode", 503, "unavailable"},
              {R + "/vehicles/" + kVin + "/charge-mode", 503, "unavailable", "PUT",
               R"({"mode":"fast"})"}});

  // With a token: the guarded operations answer 401 (documented, with WWW-Authenticate) to a
  // missing or wrong token, and 200 to the right one.
  TestDatabase guarded_db;
  insert_fresh_rows(guarded_db);
  auto guarded = start_eco_service(guarded_db, {{"P15_SERVICE_API_TOKEN", kApiToken}});
  for (const char* op : {"/set-charging-amps", "/manage-vehicle", "/start-poll", "/stop-poll"}) {
    add(*guarded, {{.path = R + op, .status = 401}, with_token(R + op, 401, "wrong-token")});
  }
  add(*guarded, {with_token(R + "/start-poll", 200, kApiToken),
                 {R + "/battery-status", 200},
                 with_token(R + "/stop-poll", 200, kApiToken)});

  RunResult r = validate("openapi-validation.txt");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find(" 0 failed"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("FAIL"), std::string::npos) << r.output;
  EXPECT_FALSE(fleet.requests().empty()) << "manage-vehicle should have commanded the fake car";
}

TEST_F(SpecResponses, TheValidatorRejectsBodiesThatBreakTheSpec) {
  RunResult r =
      run_node({eco_script("validate_responses.mjs"), "--spec", spec_path(), "--self-test"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("23 passed, 0 failed"), std::string::npos) << r.output;
}

TEST_F(SpecResponses, AWrongExpectationFailsTheRun) {
  // The harness itself can fail: a status the service does not give is reported.
  TestDatabase db;
  auto s = start_eco_service(db);
  add(*s, {{root_ + "/", 201}});
  RunResult r = validate("openapi-validation-negative.txt");
  EXPECT_NE(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("expected status 201, got 200"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace p15::test
