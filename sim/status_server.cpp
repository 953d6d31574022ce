#include "sim/status_server.h"

#include <arpa/inet.h>
#include <cpprest/http_listener.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

namespace p15::sim {

using web::http::http_request;
using web::http::methods;
using web::http::status_codes;

int pick_free_loopback_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket() failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
                  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0;
  ::close(fd);
  if (!ok) throw std::runtime_error("no free loopback port");
  return ntohs(addr.sin_port);
}

struct StatusServer::Impl {
  std::unique_ptr<web::http::experimental::listener::http_listener> listener;
  std::function<web::json::value()> status;
};

StatusServer::StatusServer(int port, std::function<web::json::value()> status)
    : impl_(std::make_unique<Impl>()) {
  impl_->status = std::move(status);
  port_ = port != 0 ? port : pick_free_loopback_port();
  impl_->listener = std::make_unique<web::http::experimental::listener::http_listener>(
      "http://127.0.0.1:" + std::to_string(port_));
  Impl* impl = impl_.get();
  impl_->listener->support([impl](http_request req) {
    if (req.method() != methods::GET || req.relative_uri().path() != "/status") {
      req.reply(status_codes::NotFound, web::json::value::parse(R"({"error":"GET /status"})"));
      return;
    }
    req.reply(status_codes::OK, impl->status());
  });
  try {
    impl_->listener->open().wait();
  } catch (const std::exception& e) {
    throw std::runtime_error("status server: cannot listen on 127.0.0.1:" + std::to_string(port_) +
                             ": " + e.what());
  }
}

StatusServer::~StatusServer() {
  try {
    impl_->listener->close().wait();
  } catch (const std::exception&) {
    // Closing at exit: nothing useful to do with a failure.
  }
}

}  // namespace p15::sim
