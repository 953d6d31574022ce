#pragma once
// The planner's warm start: its forecast learned from the collector's rows of the last days in
// MariaDB, the home's own past, so a restart does not decide as smart for a day while the
// forecaster learns again. Read a day at a time (a week of 10 s rows parsed at once would hold
// some 60,000 readings), oldest first, through the same rows the home page reads.
#include "service/core/outlook.h"
#include "service/store/store.h"

namespace p15 {

struct HistoryLearned {
  int days = 0;            // the days asked for
  long long readings = 0;  // Powerwall rows fed to the outlook
  long long skipped = 0;   // unreadable rows
  int hours = 0;           // clock hours the forecaster learned
};

// Feeds `outlook` the rows stamped in [now - days, now]. Errors: the store's (Unavailable with
// the database down), after feeding what was read before it.
Result<HistoryLearned> learn_history(CollectorHistory& rows, LearnedOutlook& outlook, TimePoint now,
                                     int days);

}  // namespace p15
