#include "sim/stepper.h"

namespace p15::sim {

Stepper::Stepper(double tick_s, long long max_ticks, std::function<void()> tick)
    : tick_s_(tick_s), max_ticks_(max_ticks), tick_(std::move(tick)) {}

Stepper::Advanced Stepper::advance(double seconds) {
  std::lock_guard lock(mu_);
  Advanced a;
  requested_s_ += seconds;
  // A small slack so that requests adding up to a whole number of ticks run exactly those.
  constexpr double kSlack = 1e-6;
  while (!finished() && static_cast<double>(ticks_ + 1) * tick_s_ <= requested_s_ + kSlack) {
    tick_();
    ++ticks_;
    ++a.ticks;
  }
  a.done = finished();
  return a;
}

bool Stepper::done() const {
  std::lock_guard lock(mu_);
  return finished();
}

bool Stepper::finished() const { return max_ticks_ >= 0 && ticks_ >= max_ticks_; }

}  // namespace p15::sim
