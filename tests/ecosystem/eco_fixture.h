#pragma once
// What the ecosystem tests share: where the spec, Swagger UI's files, the node scripts and the
// artifacts are, and a real p15-service on its own test database.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>

#include "tests/e2e/fixtures.h"
#include "tests/support/subprocess.h"

#ifndef P15_ARTIFACT_DIR
#error "P15_ARTIFACT_DIR must name the build directory's artifacts/ folder"
#endif

namespace p15::test {

inline std::string source_path(const std::string& relative) {
  return test_source_dir() + "/" + relative;
}
inline std::string swagger_dir() { return source_path("swagger"); }
inline std::string spec_path() { return source_path("swagger/openapi.yaml"); }
inline std::string ui_dir() { return source_path("swagger/node_modules/swagger-ui-dist"); }
inline std::string web_dir() { return source_path("web"); }
inline std::string eco_script(const std::string& name) {
  return source_path("tests/ecosystem/" + name);
}

// Where a test keeps what a person should look at after the run (screenshot, query results).
inline std::string artifact_path(const std::string& name) {
  std::filesystem::create_directories(P15_ARTIFACT_DIR);
  return std::string(P15_ARTIFACT_DIR) + "/" + name;
}

// Node scripts load their packages from swagger/node_modules (npm ci --prefix swagger).
inline RunResult run_node(const std::vector<std::string>& args, int timeout_s = 120) {
  std::vector<std::string> argv = {require_tool("node", "Debian package nodejs")};
  argv.insert(argv.end(), args.begin(), args.end());
  if (!std::filesystem::exists(swagger_dir() + "/node_modules/ajv")) {
    throw std::runtime_error("swagger/node_modules is missing: run npm ci --prefix swagger");
  }
  return run_tool(argv, "", timeout_s,
                  {{"P15_SWAGGER_DIR", swagger_dir()}, {"P15_WEB_DIR", web_dir()}});
}

// A fresh battery row (surplus, the Powerwall charging) and a plugged-in, stopped car.
inline void insert_fresh_rows(TestDatabase& db) {
  db.insert_battery(powerwall_flat(Flows{6000, 500, -5000, -500}), utc_sql_time(-2));
  db.insert_vehicle(vehicle_json(Car{}), utc_sql_time(-2));
}

// The service on a test database, serving the repository's spec and Swagger UI; `env` adds or
// overrides P15_* settings.
inline std::unique_ptr<ServiceProcess> start_eco_service(
    const TestDatabase& db, std::map<std::string, std::string> env = {},
    const std::string& extra_yaml = "vehicle:\n  adapter: none\n") {
  env.emplace("P15_SERVICE_UI_DIR", ui_dir());
  env.emplace("P15_SERVICE_HOME_DIR", source_path("web"));
  env.emplace("P15_SERVICE_OPENAPI_FILE", spec_path());
  // `legacy` answers manage-vehicle with a command at once, so the fake car's side is tested.
  return std::make_unique<ServiceProcess>(
      config_yaml(db.config(), 0, legacy_unless_set(extra_yaml)), env);
}

}  // namespace p15::test
