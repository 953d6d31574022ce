#pragma once
// Runs a timeline of polls through one policy the way the service's Cycle and the backtest do:
// each decision's memory goes into the next snapshot. Checks every poll's amps and intent.
// A Poll has at_s (seconds from the first poll), want_amps and want_intent; `make` builds the
// rest of its snapshot.
#include <gtest/gtest.h>

#include <vector>

#include "service/core/policy.h"

namespace p15::test {

template <class Poll, class MakeSnapshot>
void expect_timeline(const Policy& policy, const std::vector<Poll>& polls, MakeSnapshot make) {
  const TimePoint t0{std::chrono::hours{400000}};
  PolicyMemory memory;
  for (const Poll& p : polls) {
    Snapshot s = make(p);
    s.now = t0 + Seconds{p.at_s};
    s.memory = memory;
    const Decision d = policy.decide(s);
    EXPECT_EQ(d.amps, p.want_amps) << "at " << p.at_s << " s: " << d.reason;
    EXPECT_EQ(d.intent, p.want_intent) << "at " << p.at_s << " s: " << d.reason;
    memory = d.memory;
  }
}

}  // namespace p15::test
