#include "service/core/tesla_usage.h"

#include <date/date.h>

#include <cstdio>

namespace p15 {

std::string usage_month(TimePoint t) {
  const date::year_month_day ymd{date::floor<date::days>(t)};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()));
  return buf;
}

TeslaUsage usage_of(TeslaCategory category, bool billed) {
  return TeslaUsage{to_string(category), 1, billed ? 1 : 0,
                    billed ? dollars_per_request(category) : 0.0};
}

TeslaUsageMonth usage_month_report(const std::string& month, const std::vector<TeslaUsage>& rows) {
  TeslaUsageMonth m;
  m.month = month;
  for (const auto& p : tesla_prices()) m.categories.push_back(TeslaUsage{p.name});
  for (const auto& r : rows) {
    TeslaUsage* into = nullptr;
    for (auto& c : m.categories) {
      if (c.category == r.category) into = &c;
    }
    if (into == nullptr) into = &m.categories.emplace_back(TeslaUsage{r.category});
    into->requests += r.requests;
    into->billed += r.billed;
    into->dollars += r.dollars;
  }
  for (const auto& c : m.categories) m.dollars += c.dollars;
  m.share_of_credit = m.credit_dollars > 0 ? m.dollars / m.credit_dollars : 0;
  return m;
}

}  // namespace p15
