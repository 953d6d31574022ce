#pragma once
// cpprest's listener in front of the Router: the only file that knows cpprest's server types.
#include <memory>
#include <string>

#include "api/router.h"

namespace web::http {
class http_request;
namespace experimental::listener {
class http_listener;
}
}  // namespace web::http

namespace p15::api {

class HttpServer {
 public:
  HttpServer(const Router& router, std::string bind_address, int port);
  ~HttpServer();
  void open();  // throws with the address when the port cannot be bound
  void close();
  std::string url() const { return url_; }

 private:
  // Routes one request and replies; never throws (bad input -> 4xx, faults -> 500).
  void handle(web::http::http_request req) const;

  const Router& router_;
  std::string url_;
  std::unique_ptr<web::http::experimental::listener::http_listener> listener_;
};

}  // namespace p15::api
