#pragma once
// Tesla's requests and their bill as Prometheus counters, written once for the service's and the
// collector's metrics: p15_tesla_requests_total{category,code} and
// p15_tesla_api_cost_dollars_total{category} at tesla_prices().
#include <prometheus/counter.h>
#include <prometheus/registry.h>

#include "service/core/tesla_pricing.h"

namespace p15 {

struct TeslaRequestMetrics {
  explicit TeslaRequestMetrics(prometheus::Registry& registry);
  // One answer from Tesla (status 0: none came); billed per is_billed.
  void request(TeslaCategory category, int status, bool billed);
  // Every category visible at 0 before the first request.
  void declare_categories();

  prometheus::Family<prometheus::Counter>& requests;
  prometheus::Family<prometheus::Counter>& cost;
};

}  // namespace p15
