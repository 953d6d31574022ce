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
  Response dispatch(const Request& request) const;
  // Every registered "METHOD path", for the spec-coverage test and the start-up log.
  std::vector<std::string> routes() const;

 private:
  std::map<std::string, std::map<std::string, Handler>> by_path_;  // path -> method -> handler
};

Response json_response(int status, const std::string& body);

}  // namespace p15::api
