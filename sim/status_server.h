#pragma once
// GET /status on 127.0.0.1: what the simulator has done so far, as JSON. In --step-mode external
// also POST /advance?s=N: simulated time moves N seconds on, answered once it has.
#include <cpprest/json.h>

#include <functional>
#include <memory>
#include <string>

namespace p15::sim {

class StatusServer {
 public:
  // Answers POST /advance?s=N with N (> 0) simulated seconds; called on the listener's threads.
  using Advance = std::function<web::json::value(double seconds)>;
  // port 0 picks a free port. `status` is called on the listener's threads. Without `advance`
  // POST /advance is not served (the real-time mode's clock is not for callers to move).
  StatusServer(int port, std::function<web::json::value()> status, Advance advance = {});
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
