#pragma once
// GET <application_root>/savings: the cost ledger's sums for today, this month, this year (in
// the tariff's local zone) and all time, against the charge-now baseline.
#include <string>

#include "api/router.h"
#include "api/use_cases.h"

namespace p15::api {

// The answer's body, JSON (pure translation; numbers rounded to 6 decimals: 1 mWh, a millionth
// of $).
std::string savings_json(const SavingsNow& savings);

// `v` rounded to 6 decimals in its shortest exact form, never "-0": how every kWh and $ figure of
// the API is written (/savings, /sessions, /tesla-usage).
std::string rounded_number(double v);
// `s` as a JSON string literal, quotes and escapes included.
std::string json_text(const std::string& s);

// 200 with savings_json, or 503 when the database does not answer.
Response savings(const SavingsCalls& calls);

}  // namespace p15::api
