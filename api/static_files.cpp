#include "api/static_files.h"

#include <cpprest/json.h>
#include <spdlog/spdlog.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace p15::api {

namespace fs = std::filesystem;

namespace {

const char* kInstallHint =
    "install it with `npm ci --prefix swagger` from the repository root (scripts/install-deps.sh "
    "does), or point service.ui_dir (P15_SERVICE_UI_DIR) at swagger-ui-dist's files";

Response json_error(int status, const std::string& message, const std::string& kind) {
  web::json::value v;
  v["error"] = web::json::value::string(printable(message, 400));  // it may echo the path
  v["kind"] = web::json::value::string(kind);
  return json_response(status, v.serialize());
}

std::optional<std::string> read_binary(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// A tree is installed when it has its index page; checked per request so that installing the
// files while the service runs is enough.
bool ui_installed(const fs::path& dir) {
  std::error_code ec;
  return fs::is_regular_file(dir / "index.html", ec);
}

std::string absolute_text(const fs::path& p) {
  std::error_code ec;
  fs::path abs = fs::absolute(p, ec);
  return (ec ? p : abs).lexically_normal().string();
}

// True when `file`, after resolving symlinks, still lies inside `dir`.
bool inside(const fs::path& dir, const fs::path& file) {
  std::error_code ec;
  fs::path d = fs::canonical(dir, ec);
  if (ec) return false;
  fs::path f = fs::canonical(file, ec);
  if (ec) return false;
  auto [end, unused] = std::mismatch(d.begin(), d.end(), f.begin(), f.end());
  return end == d.end();
}

Response serve_ui_file(const fs::path& dir, const std::string& root, const std::string& prefix,
                       const Request& request) {
  if (request.path.substr(prefix.size()) == "swagger-initializer.js" && ui_installed(dir)) {
    return Response{200, content_type_for("x.js"), swagger_initializer(root), {}};
  }
  return serve_file_below(dir, prefix, request,
                          "Swagger UI is not installed: \"" + absolute_text(dir) +
                              "\" has no index.html; " + kInstallHint);
}

Response serve_spec(const fs::path& file, const std::string& root) {
  auto text = read_binary(file);
  if (!text) {
    return json_error(503,
                      "OpenAPI description not found at \"" + absolute_text(file) +
                          "\"; set service.openapi_file (P15_SERVICE_OPENAPI_FILE)",
                      "unavailable");
  }
  auto spec = spec_for_root(*text, root);
  if (!spec.ok()) return json_error(500, spec.error().message, "invalid");
  return Response{200, content_type_for(file.filename().string()), std::move(spec).value(), {}};
}

// Browsers resolve the index page's relative links against its directory, so "{root}/ui" must
// become "{root}/ui/"; a meta refresh does that without a Location header.
Response to_ui_directory() {
  return Response{200,
                  "text/html; charset=utf-8",
                  "<!DOCTYPE html><html><head><meta http-equiv=\"refresh\" content=\"0; "
                  "url=ui/\"><title>Swagger UI</title></head><body><a href=\"ui/\">Swagger "
                  "UI</a></body></html>\n",
                  {}};
}

}  // namespace

Response serve_file_below(const fs::path& dir, const std::string& prefix, const Request& request,
                          const std::string& missing, const std::string& marker) {
  // A bad path is the client's to fix whether or not the files are installed.
  auto rel = safe_relative_path(request.path.substr(prefix.size()));
  if (!rel) return json_error(400, "refused path: " + request.path, "invalid");
  std::error_code ec;
  if (!fs::is_regular_file(dir / marker, ec)) return json_error(503, missing, "unavailable");
  fs::path file = dir / *rel;
  if (!fs::is_regular_file(file, ec) || !inside(dir, file)) {
    return json_error(404, "no such file: " + request.path, "not_found");
  }
  auto body = read_binary(file);
  if (!body) return json_error(500, "cannot read " + request.path, "unavailable");
  return Response{200, content_type_for(*rel), std::move(*body), {}};
}

std::string absolute_path_text(const fs::path& p) { return absolute_text(p); }

std::string content_type_for(const std::string& name) {
  static const std::map<std::string, std::string> types = {
      {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},   {".png", "image/png"},
      {".json", "application/json"},         {".map", "application/json"},
      {".yaml", "application/yaml"},         {".yml", "application/yaml"},
      {".txt", "text/plain; charset=utf-8"}, {".svg", "image/svg+xml"},
  };
  auto it = types.find(fs::path(name).extension().string());
  return it == types.end() ? "application/octet-stream" : it->second;
}

std::optional<std::string> safe_relative_path(const std::string& rest) {
  if (rest.empty()) return std::string("index.html");
  if (rest.find('\\') != std::string::npos || rest.find('\0') != std::string::npos) {
    return std::nullopt;
  }
  std::stringstream parts(rest);
  std::string segment;
  while (std::getline(parts, segment, '/')) {
    if (segment.empty() || segment == "." || segment == "..") return std::nullopt;
  }
  if (rest.back() == '/') return std::nullopt;  // a directory: nothing to list
  return rest;
}

std::string swagger_initializer(const std::string& application_root) {
  std::string url = web::json::value::string(application_root + "/openapi.yaml").serialize();
  // validatorUrl null: the default sends the spec's address to validator.swagger.io.
  return "// Generated by p15-service: Swagger UI on this service's own OpenAPI description.\n"
         "window.onload = function () {\n"
         "  window.ui = SwaggerUIBundle({\n"
         "    url: " +
         url +
         ",\n"
         "    dom_id: \"#swagger-ui\",\n"
         "    deepLinking: true,\n"
         "    validatorUrl: null,\n"
         "    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],\n"
         "    plugins: [SwaggerUIBundle.plugins.DownloadUrl],\n"
         "    layout: \"StandaloneLayout\",\n"
         "  });\n"
         "};\n";
}

Result<std::string> spec_for_root(const std::string& spec_text,
                                  const std::string& application_root) {
  std::string server = application_root.empty() ? "/" : application_root;
  try {
    YAML::Node spec = YAML::Load(spec_text);
    YAML::Node servers = spec["servers"];
    if (servers && servers.IsSequence() && servers.size() == 1 &&
        servers[0]["url"].as<std::string>("") == server) {
      return spec_text;  // as written, comments and layout included
    }
    YAML::Node entry;
    entry["url"] = server;
    entry["description"] = "this service";
    YAML::Node list(YAML::NodeType::Sequence);
    list.push_back(entry);
    spec["servers"] = list;
    YAML::Emitter out;
    out << spec;
    return std::string(out.c_str()) + "\n";
  } catch (const YAML::Exception& e) {
    return Error{"the OpenAPI description is not valid YAML: " + e.msg};
  }
}

void register_ui_routes(Router& router, const ServiceConfig& service) {
  const std::string root = service.application_root;
  const fs::path dir = service.ui_dir;
  const fs::path spec = service.openapi_file;
  if (!ui_installed(dir)) {
    spdlog::warn("swagger_ui=missing ui_dir={} answer=503 hint=\"{}\"", absolute_text(dir),
                 kInstallHint);
  }
  std::error_code ec;
  if (!fs::is_regular_file(spec, ec)) {
    spdlog::warn("openapi=missing openapi_file={} answer=503", absolute_text(spec));
  }
  const std::string prefix = root + "/ui/";
  router.add("GET", root + "/ui", [](const Request&) { return to_ui_directory(); });
  router.add_prefix("GET", prefix, [dir, root, prefix](const Request& request) {
    return serve_ui_file(dir, root, prefix, request);
  });
  router.add("GET", root + "/openapi.yaml",
             [spec, root](const Request&) { return serve_spec(spec, root); });
}

}  // namespace p15::api
