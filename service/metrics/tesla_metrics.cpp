#include "service/metrics/tesla_metrics.h"

#include <string>

namespace p15 {

TeslaRequestMetrics::TeslaRequestMetrics(prometheus::Registry& registry)
    : requests(prometheus::BuildCounter()
                   .Name("p15_tesla_requests_total")
                   .Help("Requests to Tesla, by pricing category and HTTP status (none: no answer)")
                   .Register(registry)),
      cost(prometheus::BuildCounter()
               .Name("p15_tesla_api_cost_dollars_total")
               .Help("What Tesla bills for those requests, by category (Fleet API prices)")
               .Register(registry)) {}

void TeslaRequestMetrics::request(TeslaCategory category, int status, bool billed) {
  const std::string c = to_string(category);
  requests.Add({{"category", c}, {"code", status > 0 ? std::to_string(status) : "none"}})
      .Increment();
  auto& dollars = cost.Add({{"category", c}});
  if (billed) dollars.Increment(dollars_per_request(category));
}

void TeslaRequestMetrics::declare_categories() {
  for (const auto& p : tesla_prices()) cost.Add({{"category", p.name}});
}

}  // namespace p15
