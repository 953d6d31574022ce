// The Tesla model's HTTP side: the listener (HTTPS when configured), the request log, delays,
// and the car's wake-up clock in self-paced mode. Every answer comes from TeslaFront.
#include "sim/fake_fleet.h"

#include <arpa/inet.h>
#include <cpprest/http_listener.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <condition_variable>
#include <stdexcept>

namespace p15::sim {
namespace {

using web::http::http_request;
using web::http::http_response;
namespace listener = web::http::experimental::listener;

// A free loopback port: bind to port 0, read what the kernel chose, release it.
int pick_free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("FakeFleetServer: socket() failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
            ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0;
  ::close(fd);
  if (!ok) throw std::runtime_error("FakeFleetServer: no free port");
  return ntohs(addr.sin_port);
}

std::string header(const http_request& req, const char* name) {
  auto it = req.headers().find(name);
  return it == req.headers().end() ? std::string() : it->second;
}

TeslaAuth make_auth(const std::string& token, const AuthSettings& settings) {
  TeslaAuth auth(settings);
  if (!token.empty()) auth.accept_static(token);
  return auth;
}

}  // namespace

struct FakeFleetServer::Impl {
  FakeFleetOptions opt;
  int port = 0;
  std::unique_ptr<listener::http_listener> http;

  mutable std::mutex mu;  // guards everything below
  std::condition_variable cv;
  TeslaFront front;
  std::vector<FleetRequest> log;
  // Self-paced: the car has been advanced to here (a steady clock: wake delays are sub-second in
  // tests, and Tesla's clock counts whole seconds).
  std::chrono::steady_clock::time_point paced_until = std::chrono::steady_clock::now();
  bool stopping = false;

  Impl(const std::string& token, FakeFleetOptions o)
      : opt(std::move(o)), front(opt.front, opt.car, make_auth(token, opt.auth)) {}

  // Requires mu. Self-paced: the car's wake-up runs on Tesla's clock between two looks at it.
  void pace() {
    if (!opt.self_paced) return;
    const auto now = std::chrono::steady_clock::now();
    const double dt = std::chrono::duration<double>(now - paced_until).count();
    if (dt > 0) step_presence(front.car().state, dt);
    paced_until = std::max(paced_until, now);
  }

  std::string scheme() const { return opt.tls ? "https" : "http"; }

  // Opens a listener on `port`; throws when it cannot.
  void listen() {
    listener::http_listener_config cfg;
    if (opt.tls) use_tls(cfg, *opt.tls);
    auto l = std::make_unique<listener::http_listener>(
        scheme() + "://" + opt.bind_host + ":" + std::to_string(port), cfg);
    l->support([this](http_request req) { handle(std::move(req)); });
    l->open().wait();
    http = std::move(l);
  }

  TeslaRequest read(http_request& req) {
    TeslaRequest r;
    r.method = req.method();
    r.path = web::uri::decode(req.relative_uri().path());
    r.query = req.relative_uri().query();
    r.authorization = header(req, "Authorization");
    r.content_type = header(req, "Content-Type");
    try {
      r.body = req.extract_utf8string(true).get();
    } catch (const std::exception&) {
    }
    return r;
  }

  void handle(http_request req) {
    const TeslaRequest r = read(req);
    TeslaAnswer a;
    int delay_ms = 0;
    {
      std::lock_guard lock(mu);
      pace();
      a = front.handle(r, opt.clock());
      log.push_back(FleetRequest{r.method, r.path, r.body, a.status, r.query, r.authorization,
                                 r.content_type});
      delay_ms = front.faults().delay_ms;
    }
    if (delay_ms > 0) {
      // Interruptible, so that a closing server does not wait out a long delay.
      std::unique_lock lock(mu);
      cv.wait_for(lock, std::chrono::milliseconds(delay_ms), [this] { return stopping; });
    }
    http_response resp(static_cast<web::http::status_code>(a.status));
    for (const auto& [k, v] : a.headers) resp.headers().add(k, v);
    resp.set_body(a.body, "application/json");
    req.reply(resp).then([](pplx::task<void> t) {
      try {
        t.get();
      } catch (const std::exception&) {
        // The client gave up (timeout tests): nothing to do.
      }
    });
  }
};

FakeFleetServer::FakeFleetServer(std::string token, int port, FakeFleetOptions options)
    : impl_(std::make_unique<Impl>(token, std::move(options))) {
  // A port picked this way can be taken by someone else before we listen: try a few.
  for (int attempt = 0;; ++attempt) {
    impl_->port = port != 0 ? port : pick_free_port();
    try {
      impl_->listen();
      break;
    } catch (const std::exception& e) {
      if (port != 0 || attempt >= 4) {
        throw std::runtime_error("FakeFleetServer: cannot listen on " + impl_->opt.bind_host + ":" +
                                 std::to_string(impl_->port) + ": " + e.what());
      }
    }
  }
}

void FakeFleetServer::stop_listening() {
  if (!impl_->http) return;
  try {
    impl_->http->close().wait();
  } catch (const std::exception&) {
  }
  impl_->http.reset();
}

void FakeFleetServer::listen_again() {
  if (!impl_->http) impl_->listen();
}

FakeFleetServer::~FakeFleetServer() {
  {
    std::lock_guard lock(impl_->mu);
    impl_->stopping = true;
  }
  impl_->cv.notify_all();
  stop_listening();
}

std::string FakeFleetServer::base_url() const {
  return impl_->scheme() + "://127.0.0.1:" + std::to_string(impl_->port);
}

int FakeFleetServer::port() const { return impl_->port; }

void FakeFleetServer::with_car(const std::function<void(TeslaCar&)>& fn) {
  std::lock_guard lock(impl_->mu);
  impl_->pace();
  fn(impl_->front.car());
}

void FakeFleetServer::with_front(const std::function<void(TeslaFront&)>& fn) {
  std::lock_guard lock(impl_->mu);
  impl_->pace();
  fn(impl_->front);
}

TeslaCar FakeFleetServer::car() {
  std::lock_guard lock(impl_->mu);
  impl_->pace();
  return impl_->front.car();
}

void FakeFleetServer::set_faults(const FleetFaults& faults) {
  std::lock_guard lock(impl_->mu);
  impl_->front.faults() = faults;
}

std::vector<FleetRequest> FakeFleetServer::requests() {
  std::lock_guard lock(impl_->mu);
  return impl_->log;
}

void FakeFleetServer::clear_requests() {
  std::lock_guard lock(impl_->mu);
  impl_->log.clear();
}

int FakeFleetServer::wake_ups() const {
  std::lock_guard lock(impl_->mu);
  return impl_->front.wake_ups();
}

int FakeFleetServer::commands() const {
  std::lock_guard lock(impl_->mu);
  return impl_->front.commands();
}

BillingLedger FakeFleetServer::ledger() const {
  std::lock_guard lock(impl_->mu);
  return impl_->front.ledger();
}

}  // namespace p15::sim
