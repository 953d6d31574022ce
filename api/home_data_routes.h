#pragma once
// GET {application_root}/home/today (today's power at 5-minute steps, columnar for a chart),
// /sessions (the plug-in sessions, newest first, with the sums over all of them) and
// /sessions.csv (every session, for a spreadsheet). Translation only: the bucketing and the
// sessions' rules are in service/core (power_day.h, charge_session.h).
#include <optional>
#include <string>

#include "api/router.h"
#include "api/use_cases.h"

namespace p15::api {

// The answers' bodies (pure).
std::string home_today_json(const HomeToday& today);
std::string sessions_json(const SessionList& list);
std::string sessions_csv(const SessionList& list);

// ?limit=N: 1..kMaxSessionsLimit, kDefaultSessionsLimit when absent; throws BadRequest otherwise.
constexpr int kDefaultSessionsLimit = 50;
constexpr int kMaxSessionsLimit = 1000;
int sessions_limit(const Request& request);

void register_home_data_routes(Router& router, const std::string& application_root,
                               const HomeDataCalls& calls);

}  // namespace p15::api
