#include "api/router.h"

#include <cpprest/json.h>
#include <spdlog/spdlog.h>

#include <cstdio>

#include "api/auth.h"

namespace p15::api {

void Router::add(const std::string& method, const std::string& path, Handler handler,
                 Access access) {
  by_path_[path][method] = Route{std::move(handler), access};
}

void Router::add_prefix(const std::string& method, const std::string& prefix, Handler handler,
                        Access access) {
  by_prefix_[prefix][method] = Route{std::move(handler), access};
}

void Router::require_token(std::string token) { token_ = std::move(token); }

Response json_response(int status, const std::string& body) {
  return Response{status, "application/json", body, {}};
}

std::string printable(const std::string& text, size_t max) {
  std::string out;
  for (unsigned char c : text) {
    if (out.size() >= max) {
      out += "...";
      break;
    }
    if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      char hex[5];
      std::snprintf(hex, sizeof hex, "\\x%02X", c);
      out += hex;
    }
  }
  return out;
}

Response error_response(int status, const std::string& message) {
  web::json::value v;
  // Messages may carry what the client sent: invalid UTF-8 would make the body invalid JSON.
  v["error"] = web::json::value::string(printable(message, 400));
  return json_response(status, v.serialize());
}

namespace {

bool safe_method(const std::string& method) { return method == "GET" || method == "HEAD"; }

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

bool Router::guarded(const std::string& method, const std::string& path) const {
  const Methods* methods = find(path);
  if (!methods) return false;
  auto m = methods->find(method);
  if (m == methods->end()) return false;
  return m->second.access == Access::token || !safe_method(method);
}

Response Router::dispatch(const Request& request) const {
  const Methods* methods = find(request.path);
  if (!methods) return error_response(404, "no such endpoint: " + request.path);
  auto m = methods->find(request.method);
  if (m == methods->end()) {
    std::string allow;
    for (const auto& [method, route] : *methods) allow += (allow.empty() ? "" : ", ") + method;
    Response r = error_response(405, "method " + request.method + " not allowed on " +
                                         request.path + " (allowed: " + allow + ")");
    r.headers.emplace_back("Allow", allow);
    return r;
  }
  if (!token_.empty() && guarded(request.method, request.path)) {
    if (auto refused = check_bearer(request.authorization, token_)) return *refused;
  }
  try {
    return m->second.handler(request);
  } catch (const BadRequest& e) {
    return error_response(400, e.what());
  } catch (const std::exception& e) {
    // The edge: a fault inside the service becomes a clear 500, never a dropped connection.
    spdlog::error("handler failed method={} path={} error=\"{}\"", request.method,
                  printable(request.path), printable(e.what()));
    return error_response(500, std::string("internal error: ") + e.what());
  }
}

std::vector<std::string> Router::routes() const {
  std::vector<std::string> out;
  for (const auto& [path, methods] : by_path_) {
    for (const auto& [method, route] : methods) out.push_back(method + " " + path);
  }
  for (const auto& [prefix, methods] : by_prefix_) {
    for (const auto& [method, route] : methods) out.push_back(method + " " + prefix + "*");
  }
  return out;
}

}  // namespace p15::api
