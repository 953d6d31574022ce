#pragma once
// The service's hand on the energy site, cycle by cycle (issue 16 part 2): reads site_info when
// it must, asks for what the planner wants within the rules of service/core/site_steward.h, reads
// every change back, and brings the owner's own settings back when the service stops, when its
// cycles keep failing, and at start-up after a crash. Its state is saved after every change
// (service/store/steward_book.h).
#include <mutex>
#include <optional>
#include <string>

#include "service/core/site_steward.h"
#include "service/core/tariff.h"
#include "service/core/types.h"
#include "service/metrics/metrics.h"
#include "service/site/site_client.h"
#include "service/store/steward_book.h"

namespace p15 {

struct StewardOptions {
  StewardRules rules;
  LocalZone zone;  // the local day the budget counts in
  // Cycles without a trusted decision for this long end a hold: the owner's settings come back.
  Seconds restore_after_failure{600};
  // After a failed site_info read, the next try waits this long (each try is billed).
  Seconds read_retry{300};
};

class SiteSteward {
 public:
  SiteSteward(SiteClient& client, StewardBook& book, Metrics& metrics, StewardOptions options);

  // Loads the saved state; a hold a crash left behind is ended now (when the database answers;
  // otherwise at the first cycle that can load it).
  void start(TimePoint now);
  // After each recorded decision: `wanted` is the planner's settings (nullopt: the owner's).
  // `home_now` is the home's clock (the local day the budget counts), `real_now` the real one
  // (how long cycles have been failing). Returns what was sent ("" when nothing was).
  std::string cycle(const std::optional<SiteSettings>& wanted, const PowerwallReading& pw,
                    TimePoint home_now, TimePoint real_now);
  // A cycle without a trusted decision (stale rows, database down), on the real clock.
  void failed(TimePoint real_now);
  // The service stops: the owner's settings back.
  void stop(TimePoint now);
  StewardState state() const;

 private:
  bool load(TimePoint now);
  bool read_site(TimePoint now);
  void restore(TimePoint now, const std::string& why);
  std::string send(const StewardStep& step, TimePoint now);
  void save(TimePoint now);
  long long day_of(TimePoint now) const;
  void say(const std::string& what);

  SiteClient& client_;
  StewardBook& book_;
  Metrics& metrics_;
  const StewardOptions options_;
  mutable std::mutex mutex_;
  StewardState state_;
  std::optional<StewardState> saved_;  // what the book holds
  bool loaded_ = false;
  bool stopped_ = false;  // after stop(): no more requests
  std::optional<TimePoint> next_read_at_;
  std::optional<TimePoint> failing_since_;
  std::string last_said_;
};

}  // namespace p15
