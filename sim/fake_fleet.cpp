// The fake Fleet API's HTTP side: authentication, fault injection, sleep and wake-up, routing,
// and the request log. What a command does to the car lives in fake_fleet_car.cpp.
#include "sim/fake_fleet.h"

#include <arpa/inet.h>
#include <cpprest/http_listener.h>
#include <cpprest/json.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <stdexcept>
#include <thread>

namespace p15::sim {
namespace {

using web::http::http_request;
using web::http::http_response;
using web::json::value;
using SteadyTime = std::chrono::steady_clock::time_point;

struct Answer {
  int status = 200;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

Answer json_answer(int status, const value& v) { return Answer{status, v.serialize(), {}}; }

Answer error_answer(int status, const std::string& error) {
  value v;
  v["response"] = value::null();
  v["error"] = value::string(error);
  return json_answer(status, v);
}

// Tesla's error enums for its 5xx answers (Fleet API conventions).
Answer server_error(int status) {
  switch (status) {
    case 503:
      return error_answer(503, "service_unavailable");
    case 504:
      return error_answer(504, "gateway_timeout");
    case 540:
      return error_answer(540, "device_unexpected_error");
    default:
      return error_answer(status, "internal_error");
  }
}

Answer response_answer(const value& response) {
  value v;
  v["response"] = response;
  return json_answer(200, v);
}

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

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    if (end > start) parts.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

std::string header(const http_request& req, const char* name) {
  auto it = req.headers().find(name);
  return it == req.headers().end() ? std::string() : it->second;
}

}  // namespace

struct FakeFleetServer::Impl {
  std::string token;
  int port = 0;
  std::unique_ptr<web::http::experimental::listener::http_listener> listener;

  mutable std::mutex mu;  // guards everything below
  std::condition_variable cv;
  FakeCar car;
  FleetFaults faults;
  std::vector<FleetRequest> log;
  int wake_ups = 0;
  int commands = 0;
  std::optional<SteadyTime> wake_at;  // an asleep car's pending wake-up
  bool stopping = false;
  std::thread waker;  // makes a pending wake-up happen even when nobody asks

  // Requires mu.
  void apply_due_wake() {
    if (wake_at && std::chrono::steady_clock::now() >= *wake_at) {
      wake_at.reset();
      if (car.state == "asleep") car.state = "online";
    }
  }

  void run_waker() {
    std::unique_lock lock(mu);
    while (!stopping) {
      if (wake_at) {
        cv.wait_until(lock, *wake_at);
      } else {
        cv.wait(lock);
      }
      apply_due_wake();
    }
  }

  Answer wake_up() {
    if (car.state == "asleep" && !wake_at) {
      wake_at = std::chrono::steady_clock::now() + std::chrono::milliseconds(car.wake_delay_ms);
      apply_due_wake();  // a zero delay wakes at once
      cv.notify_all();
    }
    value r;
    r["vin"] = value::string(car.vin);
    r["state"] = value::string(car.state);  // Tesla answers the state as it is now
    return response_answer(r);
  }

  Answer vehicle_summary() {
    value r;
    r["id"] = value::number(1);
    r["vehicle_id"] = value::number(1);
    r["vin"] = value::string(car.vin);
    r["display_name"] = value::string("Fake Tesla");
    r["state"] = value::string(car.state);
    r["in_service"] = value::boolean(false);
    return response_answer(r);
  }

  Answer command(const std::string& name, const std::string& body) {
    if (car.state != "online") {
      return error_answer(408, "vehicle unavailable: vehicle is offline or asleep");
    }
    FleetCommandResult res;
    if (!faults.reject_reason.empty()) {
      res = FleetCommandResult{200, false, faults.reject_reason};
      faults.reject_reason.clear();
    } else {
      res = apply_fleet_command(car, name, body);
    }
    if (res.status != 200) return error_answer(res.status, res.reason);
    value r;
    r["result"] = value::boolean(res.result);
    r["reason"] = value::string(res.reason);
    return response_answer(r);
  }

  // Tesla's order: the token, then rate limits and server trouble, then the route.
  Answer route(const std::string& method, const std::string& path, const std::string& auth,
               const std::string& body) {
    auto parts = split_path(path);
    bool is_wake = parts.size() == 5 && parts[4] == "wake_up";
    bool is_command = parts.size() == 6 && parts[4] == "command";
    if (method == "POST" && is_wake) ++wake_ups;  // counted whatever the answer
    if (method == "POST" && is_command) ++commands;
    if (auth != "Bearer " + token) {
      value v;
      v["error"] = value::string("invalid bearer token");
      return json_answer(401, v);
    }
    if (faults.answer_429 > 0) {
      --faults.answer_429;
      Answer a = error_answer(429, "Too Many Requests");
      std::string s = std::to_string(faults.retry_after_s);
      a.headers = {{"Retry-After", s},
                   {"RateLimit-Limit", "30"},
                   {"RateLimit-Remaining", "0"},
                   {"RateLimit-Reset", s}};
      return a;
    }
    if (faults.answer_500 > 0) {
      --faults.answer_500;
      return server_error(faults.server_error_status);
    }
    if (parts.size() < 3 || parts[0] != "api" || parts[1] != "1" || parts[2] != "vehicles") {
      return error_answer(404, "not_found");
    }
    if (parts.size() == 3 && method == "GET") return vehicle_list();
    if (parts.size() < 4 || parts[3] != car.vin) return error_answer(404, "not_found");
    if (parts.size() == 4 && method == "GET") return vehicle_summary();
    if (parts.size() == 5 && parts[4] == "vehicle_data" && method == "GET") {
      if (car.state != "online") {
        return error_answer(408, "vehicle unavailable: vehicle is offline or asleep");
      }
      return Answer{200, fleet_vehicle_data_json(car), {}};
    }
    if (is_wake && method == "POST") return wake_up();
    if (is_command && method == "POST") return command(parts[5], body);
    return error_answer(is_wake || is_command ? 405 : 404, "not_found");
  }

  Answer vehicle_list() {
    value r;
    r["vin"] = value::string(car.vin);
    r["state"] = value::string(car.state);
    value v;
    v["response"] = value::array({r});
    v["count"] = value::number(1);
    return json_answer(200, v);
  }

  // Opens a listener on `port`; throws when it cannot.
  void listen() {
    auto l = std::make_unique<web::http::experimental::listener::http_listener>(
        "http://127.0.0.1:" + std::to_string(port));
    l->support([this](http_request req) { handle(std::move(req)); });
    l->open().wait();
    listener = std::move(l);
  }

  void handle(http_request req) {
    FleetRequest rec;
    rec.method = req.method();
    rec.path = web::uri::decode(req.relative_uri().path());
    rec.query = req.relative_uri().query();
    rec.authorization = header(req, "Authorization");
    rec.content_type = header(req, "Content-Type");
    try {
      rec.body = req.extract_utf8string(true).get();
    } catch (const std::exception&) {
    }
    Answer a;
    int delay_ms = 0;
    {
      std::lock_guard lock(mu);
      apply_due_wake();
      a = route(rec.method, rec.path, rec.authorization, rec.body);
      rec.status = a.status;
      log.push_back(rec);
      delay_ms = faults.delay_ms;
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

FakeFleetServer::FakeFleetServer(std::string token, int port) : impl_(std::make_unique<Impl>()) {
  impl_->token = std::move(token);
  // A port picked this way can be taken by someone else before we listen: try a few.
  for (int attempt = 0;; ++attempt) {
    impl_->port = port != 0 ? port : pick_free_port();
    try {
      impl_->listen();
      break;
    } catch (const std::exception& e) {
      if (port != 0 || attempt >= 4) {
        throw std::runtime_error("FakeFleetServer: cannot listen on 127.0.0.1:" +
                                 std::to_string(impl_->port) + ": " + e.what());
      }
    }
  }
  impl_->waker = std::thread([impl = impl_.get()] { impl->run_waker(); });
}

void FakeFleetServer::stop_listening() {
  if (!impl_->listener) return;
  try {
    impl_->listener->close().wait();
  } catch (const std::exception&) {
  }
  impl_->listener.reset();
}

void FakeFleetServer::listen_again() {
  if (!impl_->listener) impl_->listen();
}

FakeFleetServer::~FakeFleetServer() {
  {
    std::lock_guard lock(impl_->mu);
    impl_->stopping = true;
  }
  impl_->cv.notify_all();
  stop_listening();
  if (impl_->waker.joinable()) impl_->waker.join();
}

std::string FakeFleetServer::base_url() const {
  return "http://127.0.0.1:" + std::to_string(impl_->port);
}

int FakeFleetServer::port() const { return impl_->port; }

void FakeFleetServer::with_car(const std::function<void(FakeCar&)>& fn) {
  std::lock_guard lock(impl_->mu);
  impl_->apply_due_wake();
  std::string before = impl_->car.state;
  fn(impl_->car);
  if (impl_->car.state != before) impl_->wake_at.reset();
  impl_->cv.notify_all();
}

FakeCar FakeFleetServer::car() {
  std::lock_guard lock(impl_->mu);
  impl_->apply_due_wake();
  return impl_->car;
}

void FakeFleetServer::set_faults(const FleetFaults& faults) {
  std::lock_guard lock(impl_->mu);
  impl_->faults = faults;
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
  return impl_->wake_ups;
}

int FakeFleetServer::commands() const {
  std::lock_guard lock(impl_->mu);
  return impl_->commands;
}

}  // namespace p15::sim
