#pragma once
// The service and p15-sim (--step-mode external) in lockstep: the test moves simulated time on
// by one step, then asks the service to decide once on the rows that step wrote. The same
// simulated span as a real-time run with a 1 s poll, without waiting for it in real time.
#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>

#include "tests/support/http.h"

namespace p15::test {

// POST /advance?s=N on p15-sim; its answer is /status after the ticks plus "done". Retries
// while the simulator is still starting (nothing listening yet).
inline web::json::value advance_sim(const std::string& sim_url, double seconds) {
  const std::string url = sim_url + "/advance?s=" + std::to_string(seconds);
  std::string last = "no answer";
  for (int attempt = 0; attempt < 100; ++attempt) {
    try {
      HttpResult r = http_request("POST", url, "", "", 60);
      if (r.status == 200) return r.json();
      last = std::to_string(r.status) + " " + r.body;
    } catch (const std::exception& e) {
      last = e.what();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  throw std::runtime_error("POST " + url + ": " + last);
}

struct Lockstep {
  web::json::value status;  // the simulator's answer to the last step
  int steps = 0;
  int failed_decisions = 0;  // /manage-vehicle answers other than 200 (a real poll logs them)
};

// Steps until the simulator reports its --duration-h span done (at most max_steps), each step
// `step_s` simulated seconds followed by one GET `manage_url` (the poll's cycle, once). The step
// that ends the span gets no decision: in real time the simulator exited right after its last
// tick, so no poll ever decided on the span's end state (at a departure, the next day's).
inline Lockstep run_lockstep(const std::string& sim_url, const std::string& manage_url,
                             double step_s, int max_steps) {
  Lockstep run;
  while (run.steps < max_steps) {
    run.status = advance_sim(sim_url, step_s);
    ++run.steps;
    if (run.status.has_field("done") && run.status.at("done").as_bool()) break;
    if (http_get(manage_url, 60).status != 200) ++run.failed_decisions;
  }
  return run;
}

}  // namespace p15::test
