#pragma once
// The background loop: one cycle every interval, one at a time, at most one loop.
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "service/clock/clock.h"
#include "service/metrics/metrics.h"
#include "service/poll/cycle_result.h"

namespace p15 {

struct PollStatus {
  bool ever_started = false;
  bool running = false;
  long long cycles = 0;
  std::optional<TimePoint> last_cycle_at;
  std::optional<CycleResult> last_result;  // nullopt before the first pass
  Seconds interval{0};
};

class Poller {
 public:
  // `cycle` runs one pass and says how it ended.
  Poller(std::function<CycleResult()> cycle, Clock& clock, Metrics& metrics, Seconds interval);
  ~Poller();
  Poller(const Poller&) = delete;
  Poller& operator=(const Poller&) = delete;

  bool start();  // false when already running
  bool stop();   // false when not running; waits for a running cycle to finish
  PollStatus status() const;

 private:
  void loop();

  std::function<CycleResult()> cycle_;
  Clock& clock_;
  Metrics& metrics_;
  Seconds interval_;
  std::mutex control_;  // serialises start/stop
  mutable std::mutex state_;
  std::condition_variable wake_;
  bool stop_requested_ = false;
  PollStatus status_;
  std::thread thread_;
};

}  // namespace p15
