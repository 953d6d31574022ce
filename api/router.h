#pragma once
// A tiny method+path router, independent of cpprest so routes can be listed and tested directly.
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace p15::api {

struct Request {
  std::string method;
  std::string path;
  std::map<std::string, std::string> query;
  std::string authorization;  // the Authorization header, if any
  std::string content_type;   // the Content-Type header, if any
  std::string body;           // the request body (PUT), as sent
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
};

using Handler = std::function<Response(const Request&)>;

class Router {
 public:
  void add(const std::string& method, const std::string& path, Handler handler);
  // Serves every path that starts with `prefix` (which should end in '/') and has no exact
  // route; the longest matching prefix wins. For trees of static files.
  void add_prefix(const std::string& method, const std::string& prefix, Handler handler);
  Response dispatch(const Request& request) const;
  // Every registered "METHOD path", for the spec-coverage test and the start-up log; a prefix
  // route is listed as "METHOD prefix*".
  std::vector<std::string> routes() const;

 private:
  using Methods = std::map<std::string, Handler>;
  const Methods* find(const std::string& path) const;

  std::map<std::string, Methods> by_path_;    // path -> method -> handler
  std::map<std::string, Methods> by_prefix_;  // prefix -> method -> handler
};

Response json_response(int status, const std::string& body);

}  // namespace p15::api
