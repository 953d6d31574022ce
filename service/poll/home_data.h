#pragma once
// The home page's data views that read the store (GET /home/today, /sessions, /sessions.csv):
// the rows' chart of today and the plug-in sessions. Apart from the Cycle: they decide nothing
// and need none of its state, so a page load never waits for a cycle's commands.
#include <optional>
#include <string>

#include "service/clock/clock.h"
#include "service/core/charge_session.h"
#include "service/core/energy_ledger.h"
#include "service/core/power_day.h"
#include "service/store/store.h"

namespace p15 {

// Today's chart: from local midnight in the tariff's zone to now.
struct HomeToday {
  std::string date;  // the local date, "YYYY-MM-DD"
  std::string zone;  // the tariff's zone
  PowerDay day;
};

class HomeData {
 public:
  static constexpr Seconds kStep{300};

  // `clock` is real time, as the rows' stamps; `ledger` gives the zone and the car-draw rule.
  HomeData(CollectorHistory& rows, SessionBook& sessions, const Clock& clock, LedgerSettings ledger)
      : rows_(rows), sessions_(sessions), clock_(clock), ledger_(std::move(ledger)) {}

  Result<HomeToday> today();
  Result<SessionList> sessions(std::optional<int> limit) {
    return sessions_.charge_sessions(limit);
  }

 private:
  CollectorHistory& rows_;
  SessionBook& sessions_;
  const Clock& clock_;
  const LedgerSettings ledger_;
};

}  // namespace p15
