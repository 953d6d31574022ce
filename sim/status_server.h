#pragma once
// GET /status on 127.0.0.1: what the simulator has done so far, as JSON.
#include <cpprest/json.h>

#include <functional>
#include <memory>
#include <string>

namespace p15::sim {

class StatusServer {
 public:
  // port 0 picks a free port. `status` is called on the listener's threads.
  StatusServer(int port, std::function<web::json::value()> status);
  ~StatusServer();
  StatusServer(const StatusServer&) = delete;
  StatusServer& operator=(const StatusServer&) = delete;
  int port() const { return port_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  int port_ = 0;
};

int pick_free_loopback_port();

}  // namespace p15::sim
