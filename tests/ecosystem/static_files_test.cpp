// The Router's prefix routes and the Swagger UI handlers, without a server: paths refused,
// content types, the generated initializer, the spec's server rewritten, a missing UI dir.
#include "api/static_files.h"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "api/router.h"
#include "tests/ecosystem/eco_fixture.h"

namespace p15::test {
namespace {

using api::Request;
using api::Response;
using api::Router;

Response get(const Router& r, const std::string& path) {
  return r.dispatch(Request{"GET", path, {}, "", ""});
}

Router text_router() {
  Router r;
  auto says = [](std::string what) {
    return [what](const Request&) { return Response{200, "text/plain", what, {}}; };
  };
  r.add("GET", "/a/ui", says("exact ui"));
  r.add("GET", "/a", says("root"));
  r.add_prefix("GET", "/a/ui/", says("ui tree"));
  r.add_prefix("GET", "/a/ui/deep/", says("deeper tree"));
  return r;
}

TEST(RouterPrefix, ExactThenLongestPrefixThenTrailingSlash) {
  Router r = text_router();
  EXPECT_EQ(get(r, "/a/ui").body, "exact ui");
  EXPECT_EQ(get(r, "/a/ui/").body, "ui tree");  // not the "/a/ui" route minus its slash
  EXPECT_EQ(get(r, "/a/ui/x.js").body, "ui tree");
  EXPECT_EQ(get(r, "/a/ui/deep/y.js").body, "deeper tree");
  EXPECT_EQ(get(r, "/a/").body, "root");
  EXPECT_EQ(get(r, "/a/uix").status, 404);
  EXPECT_EQ(r.dispatch(Request{"POST", "/a/ui/x.js", {}, "", ""}).status, 405);
  auto routes = r.routes();
  EXPECT_NE(std::find(routes.begin(), routes.end(), "GET /a/ui/*"), routes.end());
}

TEST(StaticFiles, RefusesTraversalAndOddSegments) {
  for (const char* bad : {"../etc/passwd", "a/../../b", "./x", "a//b", "..", "a\\b", "dir/"}) {
    EXPECT_FALSE(api::safe_relative_path(bad).has_value()) << bad;
  }
  EXPECT_EQ(api::safe_relative_path("").value(), "index.html");
  EXPECT_EQ(api::safe_relative_path("swagger-ui.css").value(), "swagger-ui.css");
  EXPECT_EQ(api::safe_relative_path("a..b.js").value(), "a..b.js");
}

TEST(StaticFiles, ContentTypesByExtension) {
  EXPECT_EQ(api::content_type_for("index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(api::content_type_for("swagger-ui-bundle.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(api::content_type_for("swagger-ui.css"), "text/css; charset=utf-8");
  EXPECT_EQ(api::content_type_for("favicon-32x32.png"), "image/png");
  EXPECT_EQ(api::content_type_for("openapi.yaml"), "application/yaml");
  EXPECT_EQ(api::content_type_for("x.js.map"), "application/json");
  EXPECT_EQ(api::content_type_for("LICENSE"), "application/octet-stream");
}

TEST(StaticFiles, InitializerPointsAtThisServicesSpecNotThePetstore) {
  std::string js = api::swagger_initializer("/project_15th_street");
  EXPECT_NE(js.find("url: \"/project_15th_street/openapi.yaml\""), std::string::npos) << js;
  EXPECT_EQ(js.find("petstore"), std::string::npos);
  EXPECT_NE(js.find("validatorUrl: null"), std::string::npos);
  // A quote in the root cannot break out of the string.
  EXPECT_NE(api::swagger_initializer("/a\"b").find(R"(url: "/a\"b/openapi.yaml")"),
            std::string::npos);
}

TEST(StaticFiles, SpecServerFollowsTheApplicationRoot) {
  std::string spec = read_text_file(spec_path());
  EXPECT_EQ(api::spec_for_root(spec, "/project_15th_street").value(), spec);  // untouched
  YAML::Node moved = YAML::Load(api::spec_for_root(spec, "/p15").value());
  EXPECT_EQ(moved["servers"][0]["url"].as<std::string>(), "/p15");
  EXPECT_EQ(moved["paths"]["/healthcheck"]["servers"][0]["url"].as<std::string>(), "/");
  YAML::Node top = YAML::Load(api::spec_for_root(spec, "").value());
  EXPECT_EQ(top["servers"][0]["url"].as<std::string>(), "/");
  EXPECT_FALSE(api::spec_for_root("a: [unclosed", "/x").ok());
}

TEST(StaticFiles, MissingUiDirAnswers503SayingHowToInstall) {
  Router r;
  ServiceConfig c;
  c.ui_dir = "/nonexistent/swagger-ui-dist";
  c.openapi_file = "/nonexistent/openapi.yaml";
  api::register_ui_routes(r, c);
  Response ui = get(r, "/project_15th_street/ui/");
  EXPECT_EQ(ui.status, 503);
  EXPECT_NE(ui.body.find("npm ci --prefix swagger"), std::string::npos) << ui.body;
  EXPECT_NE(ui.body.find("/nonexistent/swagger-ui-dist"), std::string::npos) << ui.body;
  EXPECT_EQ(get(r, "/project_15th_street/ui/swagger-ui.css").status, 503);
  EXPECT_EQ(get(r, "/project_15th_street/openapi.yaml").status, 503);
}

TEST(StaticFiles, ServesThePackagesFilesAndRefusesEscapes) {
  Router r;
  ServiceConfig c;
  c.ui_dir = ui_dir();
  c.openapi_file = spec_path();
  api::register_ui_routes(r, c);
  Response index = get(r, "/project_15th_street/ui/");
  ASSERT_EQ(index.status, 200) << index.body << " (npm ci --prefix swagger installs the files)";
  EXPECT_NE(index.body.find("swagger-ui-bundle.js"), std::string::npos);
  Response png = get(r, "/project_15th_street/ui/favicon-32x32.png");
  EXPECT_EQ(png.status, 200);
  EXPECT_EQ(png.body.substr(1, 3), "PNG");
  EXPECT_EQ(get(r, "/project_15th_street/ui/../package.json").status, 400);
  EXPECT_EQ(get(r, "/project_15th_street/ui/nope.js").status, 404);
  Response init = get(r, "/project_15th_street/ui/swagger-initializer.js");
  EXPECT_EQ(init.body, api::swagger_initializer("/project_15th_street"));
  Response spec = get(r, "/project_15th_street/openapi.yaml");
  EXPECT_EQ(spec.status, 200);
  EXPECT_EQ(spec.content_type, "application/yaml");
  EXPECT_EQ(spec.body, read_text_file(spec_path()));
}

}  // namespace
}  // namespace p15::test
