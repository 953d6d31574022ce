// Swagger UI in a real browser: headless Debian Chromium, driven by
// tests/ecosystem/swagger_ui_browser.mjs (playwright-core), against a real service with fresh
// rows. The screenshot stays in <build>/artifacts/swagger-ui.png.
#include <gtest/gtest.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include "tests/ecosystem/eco_fixture.h"
#include "tests/ecosystem/spec_coverage.h"

namespace p15::test {
namespace {

std::string chromium() {
  if (access("/usr/bin/chromium", X_OK) != 0) {
    throw std::runtime_error(
        "/usr/bin/chromium not found: install Debian's chromium package "
        "(scripts/install-deps.sh does)");
  }
  return "/usr/bin/chromium";
}

RunResult browse(const ServiceProcess& s, const std::string& screenshot, int timeout_ms,
                 const std::string& token = "") {
  chromium();
  size_t operations = spec_operations(YAML::LoadFile(spec_path())).size();
  std::vector<std::string> args = {eco_script("swagger_ui_browser.mjs"),
                                   "--base",
                                   s.base_url(),
                                   "--root",
                                   "/project_15th_street",
                                   "--screenshot",
                                   screenshot,
                                   "--operations",
                                   std::to_string(operations),
                                   "--timeout-ms",
                                   std::to_string(timeout_ms)};
  if (!token.empty()) {
    args.push_back("--token");
    args.push_back(token);
  }
  return run_node(args, 180);
}

TEST(SwaggerUiBrowser, RendersTheOperationsAndTryItOutGets200FromTheService) {
  TestDatabase db;
  insert_fresh_rows(db);
  auto service = start_eco_service(db);
  std::string shot = artifact_path("swagger-ui.png");
  std::filesystem::remove(shot);
  RunResult r = browse(*service, shot, 30000);
  std::ofstream(artifact_path("swagger-ui-browser.txt")) << r.output;
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("ok   Try it out on GET /battery-status answered 200"), std::string::npos)
      << r.output;
  ASSERT_TRUE(std::filesystem::exists(shot)) << r.output;
  EXPECT_GT(std::filesystem::file_size(shot), 20000u) << "a blank page is a few KB";
  // The click reached this service, not a cached or mocked answer.
  EXPECT_NE(service->log().find("path=/project_15th_street/battery-status status=200"),
            std::string::npos)
      << service->log();
}

TEST(SwaggerUiBrowser, AuthorizeSendsTheBearerTokenToGuardedOperations) {
  const std::string token = "swagger-ui-token-2468";
  TestDatabase db;
  insert_fresh_rows(db);
  auto service = start_eco_service(db, {{"P15_SERVICE_API_TOKEN", token}});
  std::string shot = artifact_path("swagger-ui-authorized.png");
  RunResult r = browse(*service, shot, 30000, token);
  std::ofstream(artifact_path("swagger-ui-authorize.txt")) << r.output;
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("ok   Execute on GET /start-poll before Authorize answered 401"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("ok   Execute on GET /start-poll after Authorize answered 200"),
            std::string::npos)
      << r.output;
  // The service saw both, in that order.
  std::string log = service->log();
  auto refused = log.find("path=/project_15th_street/start-poll status=401");
  auto allowed = log.find("path=/project_15th_street/start-poll status=200");
  ASSERT_NE(refused, std::string::npos) << log;
  ASSERT_NE(allowed, std::string::npos) << log;
  EXPECT_LT(refused, allowed);
  EXPECT_EQ(log.find(token), std::string::npos) << "the token is in the log";
}

TEST(SwaggerUiBrowser, FailsWhenTheUiIsNotInstalled) {
  TestDatabase db;
  auto service = start_eco_service(db, {{"P15_SERVICE_UI_DIR", "/nonexistent/ui"}});
  RunResult r = browse(*service, artifact_path("swagger-ui-missing.png"), 3000);
  EXPECT_NE(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("FAIL GET /project_15th_street/ui/ answered 503"), std::string::npos)
      << r.output;
}

}  // namespace
}  // namespace p15::test
