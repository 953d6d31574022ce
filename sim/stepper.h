#pragma once
// --step-mode external: simulated time moves only when a caller asks (POST /advance), so a test
// can run the service in lockstep with the home instead of pacing both by real time.
#include <functional>
#include <mutex>

namespace p15::sim {

class Stepper {
 public:
  // `tick` advances the simulation by one tick of `tick_s`; max_ticks < 0 means no end.
  Stepper(double tick_s, long long max_ticks, std::function<void()> tick);

  struct Advanced {
    long long ticks = 0;  // ticks run by this call
    bool done = false;    // the run's span is reached: later calls move nothing
  };
  // Moves simulated time on by `seconds`, tick by tick, and returns once the ticks have run.
  // Seconds that do not fill a tick carry over to the next call, so 250 s steps at a 30 s tick
  // run 8 or 9 ticks each, as the real-time loop's ticks fall into its 250 s real seconds.
  // Calls are serialized: the listener answers requests on several threads.
  Advanced advance(double seconds);
  bool done() const;

 private:
  bool finished() const;  // the span is reached; call with mu_ held

  const double tick_s_;
  const long long max_ticks_;
  std::function<void()> tick_;
  mutable std::mutex mu_;  // guards the two below and serializes the ticks
  double requested_s_ = 0;
  long long ticks_ = 0;
};

}  // namespace p15::sim
