#include "api/router.h"

#include <cpprest/json.h>

namespace p15::api {

void Router::add(const std::string& method, const std::string& path, Handler handler) {
  by_path_[path][method] = std::move(handler);
}

Response json_response(int status, const std::string& body) {
  return Response{status, "application/json", body};
}

namespace {
Response error(int status, const std::string& message) {
  web::json::value v;
  v["error"] = web::json::value::string(message);
  return json_response(status, v.serialize());
}
}  // namespace

Response Router::dispatch(const Request& request) const {
  std::string path = request.path;
  if (path.size() > 1 && path.back() == '/' && !by_path_.count(path)) path.pop_back();
  auto p = by_path_.find(path);
  if (p == by_path_.end()) return error(404, "no such endpoint: " + request.path);
  auto m = p->second.find(request.method);
  if (m == p->second.end()) {
    return error(405, "method " + request.method + " not allowed on " + request.path);
  }
  try {
    return m->second(request);
  } catch (const std::exception& e) {
    // The edge: whatever escaped a handler becomes a clear 500, never a dropped connection.
    return error(500, std::string("internal error: ") + e.what());
  }
}

std::vector<std::string> Router::routes() const {
  std::vector<std::string> out;
  for (const auto& [path, methods] : by_path_) {
    for (const auto& [method, handler] : methods) out.push_back(method + " " + path);
  }
  return out;
}

}  // namespace p15::api
