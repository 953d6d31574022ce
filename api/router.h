#pragma once
// A tiny method+path router, independent of cpprest so routes can be listed and tested directly.
// It also guards routes with the bearer token (service.api_token) and turns what escapes a
// handler into a JSON answer: BadRequest into 400, anything else into 500.
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace p15::api {

struct Request {
  std::string method;
  std::string path;
  std::map<std::string, std::string> query;
  std::string authorization;  // the Authorization header, if any
  std::string body;           // the request body (PUT), as sent
  std::string content_type;   // the Content-Type header, if any
};

class EventHub;

struct Response {
  // Not an aggregate: the event stream below stays out of the many Response{status, type, body,
  // headers} in the handlers.
  Response(int status_ = 200, std::string content_type_ = "application/json",
           std::string body_ = "", std::vector<std::pair<std::string, std::string>> headers_ = {})
      : status(status_),
        content_type(std::move(content_type_)),
        body(std::move(body_)),
        headers(std::move(headers_)) {}
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra: WWW-Authenticate, Allow
  // Set: the answer stays open (text/event-stream): `body` goes first, then everything the hub
  // publishes until the client leaves or the service stops.
  std::shared_ptr<EventHub> events;
};

using Handler = std::function<Response(const Request&)>;

// Who may call a route once a token is configured.
enum class Access {
  automatic,  // GET and HEAD stay open; any other method needs the token
  token,      // needs the token whatever the method: GET routes that change state
};

// Input the client must fix (a bad query value, a malformed body). Handlers and the helpers that
// parse requests throw it; the Router answers 400 with its message instead of 500.
struct BadRequest : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Router {
 public:
  void add(const std::string& method, const std::string& path, Handler handler,
           Access access = Access::automatic);
  // Serves every path that starts with `prefix` (which should end in '/') and has no exact
  // route; the longest matching prefix wins. For trees of static files.
  void add_prefix(const std::string& method, const std::string& prefix, Handler handler,
                  Access access = Access::automatic);
  // From now on the guarded routes need "Authorization: Bearer <token>"; empty: none does.
  void require_token(std::string token);
  Response dispatch(const Request& request) const;
  // Whether `method path` is guarded (needs the token when one is set); false when no route.
  bool guarded(const std::string& method, const std::string& path) const;
  // Every registered "METHOD path", for the spec-coverage test and the start-up log; a prefix
  // route is listed as "METHOD prefix*".
  std::vector<std::string> routes() const;

 private:
  struct Route {
    Handler handler;
    Access access;
  };
  using Methods = std::map<std::string, Route>;
  const Methods* find(const std::string& path) const;

  std::map<std::string, Methods> by_path_;    // path -> method -> route
  std::map<std::string, Methods> by_prefix_;  // prefix -> method -> route
  std::string token_;
};

Response json_response(int status, const std::string& body);
// {"error": message} with `status`; the message is cut to printable ASCII and a sane length, as
// it may echo what the client sent.
Response error_response(int status, const std::string& message);
// `text` safe to echo in a JSON message or a log line: bytes outside printable ASCII become
// "\xNN", and anything past `max` characters is cut with "...".
std::string printable(const std::string& text, size_t max = 200);

}  // namespace p15::api
