#include "api/request_parsing.h"

#include <charconv>

namespace p15::api {

std::optional<long long> query_int(const Request& request, const std::string& name, long long lo,
                                   long long hi) {
  auto it = request.query.find(name);
  if (it == request.query.end()) return std::nullopt;
  const std::string& text = it->second;
  long long v = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, v);
  if (text.empty() || ec != std::errc() || ptr != end || v < lo || v > hi) {
    throw BadRequest("query parameter " + name + ": expected an integer " + std::to_string(lo) +
                     ".." + std::to_string(hi) + ", got \"" + printable(text, 40) + "\"");
  }
  return v;
}

web::json::value json_body(const Request& request) {
  if (request.body.empty()) throw BadRequest("the request needs a JSON object as its body");
  web::json::value v;
  try {
    v = web::json::value::parse(request.body);
  } catch (const web::json::json_exception& e) {
    throw BadRequest(std::string("the body is not valid JSON: ") + e.what());
  }
  if (!v.is_object()) throw BadRequest("the body must be a JSON object");
  return v;
}

}  // namespace p15::api
