#include "sim/status_server.h"

#include <arpa/inet.h>
#include <cpprest/http_listener.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmath>
#include <optional>
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

namespace {

// The N of ?s=N: a positive, finite number of seconds (at most a year per request).
std::optional<double> advance_seconds(const http_request& req) {
  const auto query = web::uri::split_query(req.relative_uri().query());
  const auto it = query.find("s");
  if (it == query.end()) return std::nullopt;
  try {
    std::size_t used = 0;
    const double s = std::stod(it->second, &used);
    if (used != it->second.size() || !std::isfinite(s) || s <= 0 || s > 366.0 * 86400) {
      return std::nullopt;
    }
    return s;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace

struct StatusServer::Impl {
  std::unique_ptr<web::http::experimental::listener::http_listener> listener;
  std::function<web::json::value()> status;
  Advance advance;

  void handle(http_request req) const {
    const std::string path = req.relative_uri().path();
    if (req.method() == methods::GET && path == "/status") {
      req.reply(status_codes::OK, status());
      return;
    }
    if (advance && req.method() == methods::POST && path == "/advance") {
      const auto s = advance_seconds(req);
      if (!s) {
        req.reply(status_codes::BadRequest,
                  web::json::value::parse(R"({"error":"POST /advance?s=N, N > 0 seconds"})"));
        return;
      }
      req.reply(status_codes::OK, advance(*s));
      return;
    }
    req.reply(status_codes::NotFound,
              web::json::value::parse(advance ? R"({"error":"GET /status or POST /advance?s=N"})"
                                              : R"({"error":"GET /status"})"));
  }
};

StatusServer::StatusServer(int port, std::function<web::json::value()> status, Advance advance)
    : impl_(std::make_unique<Impl>()) {
  impl_->status = std::move(status);
  impl_->advance = std::move(advance);
  port_ = port != 0 ? port : pick_free_loopback_port();
  impl_->listener = std::make_unique<web::http::experimental::listener::http_listener>(
      "http://127.0.0.1:" + std::to_string(port_));
  Impl* impl = impl_.get();
  impl_->listener->support([impl](http_request req) { impl->handle(std::move(req)); });
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
