#pragma once
// Tesla's bill this month, as both programs that use the account (the service and p15-collector)
// ran it up: requests by pricing category, those Tesla bills, and their price at tesla_prices().
// Pure: the months are UTC calendar months (Tesla's billing page names no zone).
#include <string>
#include <vector>

#include "service/core/tesla_pricing.h"
#include "service/core/types.h"

namespace p15 {

// Tesla's monthly credit per developer account (domain.md section 6).
inline constexpr double kTeslaMonthlyCreditDollars = 10.0;

struct TeslaUsage {
  std::string category;  // to_string(TeslaCategory)
  long long requests = 0;
  long long billed = 0;
  double dollars = 0;
};

struct TeslaUsageMonth {
  std::string month;                   // "2026-12"
  std::vector<TeslaUsage> categories;  // every category of tesla_prices(), in its order
  double dollars = 0;
  double credit_dollars = kTeslaMonthlyCreditDollars;
  double share_of_credit = 0;  // dollars / credit
};

// "YYYY-MM" of `t` in UTC.
std::string usage_month(TimePoint t);

// One answer Tesla gave, as a row's increment.
TeslaUsage usage_of(TeslaCategory category, bool billed);

// The month's rows (one per category, any order, unknown categories kept at the end) summed.
TeslaUsageMonth usage_month_report(const std::string& month, const std::vector<TeslaUsage>& rows);

}  // namespace p15
