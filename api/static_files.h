#pragma once
// Swagger UI and the OpenAPI description: swagger-ui-dist's files from service.ui_dir under
// {application_root}/ui/, a generated swagger-initializer.js, and service.openapi_file as
// {application_root}/openapi.yaml.
#include <filesystem>
#include <optional>
#include <string>

#include "api/router.h"
#include "service/config/config.h"

namespace p15::api {

// The Content-Type for a file name, by its extension (application/octet-stream when unknown).
std::string content_type_for(const std::string& name);

// A path below a served directory that is safe to join to it: no "..", ".", empty segment,
// backslash or NUL; nullopt when refused. "" becomes "index.html".
std::optional<std::string> safe_relative_path(const std::string& rest);

// The swagger-initializer.js that points Swagger UI at {application_root}/openapi.yaml instead of
// the package's petstore example.
std::string swagger_initializer(const std::string& application_root);

// The spec with its top-level server URL set to the application root, so "Try it out" calls this
// service wherever it is mounted; the text is returned unchanged when it already says so.
Result<std::string> spec_for_root(const std::string& spec_text,
                                  const std::string& application_root);

// The file below `dir` named by the request's path after `prefix` ("" is index.html): 400 for a
// refused path, 503 with `missing` while `dir` has no `marker` (not installed), 404 for no such
// file (or one whose symlinks lead outside `dir`).
Response serve_file_below(const std::filesystem::path& dir, const std::string& prefix,
                          const Request& request, const std::string& missing,
                          const std::string& marker = "index.html");
// `p` made absolute and normal, for messages.
std::string absolute_path_text(const std::filesystem::path& p);

// Registers GET {root}/ui (sends the browser to ui/), GET {root}/ui/* and GET {root}/openapi.yaml.
// A missing ui_dir or spec is logged as a warning here and answered with 503 saying how to
// install it: the API itself does not depend on them.
void register_ui_routes(Router& router, const ServiceConfig& service);

}  // namespace p15::api
