#include "api/router.h"

#include <cpprest/json.h>

namespace p15::api {

void Router::add(const std::string& method, const std::string& path, Handler handler) {
  by_path_[path][method] = std::move(handler);
}

void Router::add_prefix(const std::string& method, const std::string& prefix, Handler handler) {
  by_prefix_[prefix][method] = std::move(handler);
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

// Exact path first, then the longest prefix, then the exact path without a trailing '/': the
// prefix must win over that fallback so "/ui/" reaches the file tree, not the "/ui" route.
const Router::Methods* Router::find(const std::string& path) const {
  if (auto p = by_path_.find(path); p != by_path_.end()) return &p->second;
  const Methods* best = nullptr;
  size_t best_len = 0;
  for (const auto& [prefix, methods] : by_prefix_) {
    if (path.compare(0, prefix.size(), prefix) == 0 && prefix.size() >= best_len) {
      best = &methods;
      best_len = prefix.size();
    }
  }
  if (best) return best;
  if (path.size() > 1 && path.back() == '/') {
    if (auto p = by_path_.find(path.substr(0, path.size() - 1)); p != by_path_.end()) {
      return &p->second;
    }
  }
  return nullptr;
}

Response Router::dispatch(const Request& request) const {
  const Methods* methods = find(request.path);
  if (!methods) return error(404, "no such endpoint: " + request.path);
  auto m = methods->find(request.method);
  if (m == methods->end()) {
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
  for (const auto& [prefix, methods] : by_prefix_) {
    for (const auto& [method, handler] : methods) out.push_back(method + " " + prefix + "*");
  }
  return out;
}

}  // namespace p15::api
