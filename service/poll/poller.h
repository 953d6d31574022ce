#pragma once
// The background loop: one cycle every interval, one at a time, at most one loop. It waits on the
// clock's timer and measures on its monotonic time, so a ManualClock runs it in simulated time.
#include <functional>
#include <memory>
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
  std::optional<TimePoint> last_cycle_at;  // wall clock
  std::optional<CycleResult> last_result;  // nullopt before the first pass
  Seconds interval{0};
  // Why the service is not steering the car, when the owner took over (filled by the app).
  std::optional<std::string> owner_override;
};

class Poller {
 public:
  // `cycle` runs one pass and says how it ended; one that throws counts as Error and the loop
  // goes on.
  Poller(std::function<CycleResult()> cycle, Clock& clock, Metrics& metrics, Seconds interval);
  ~Poller();
  Poller(const Poller&) = delete;
  Poller& operator=(const Poller&) = delete;

  bool start();  // false when already running
  bool stop();   // false when not running; ends the wait at once, waits for a running cycle
  PollStatus status() const;

 private:
  void loop();
  CycleResult run_cycle();

  std::function<CycleResult()> cycle_;
  Clock& clock_;
  Metrics& metrics_;
  Seconds interval_;
  std::unique_ptr<Timer> timer_;  // the wait between cycles; stop() cancels it
  std::mutex control_;            // serialises start/stop
  mutable std::mutex state_;
  PollStatus status_;
  std::thread thread_;
};

}  // namespace p15
