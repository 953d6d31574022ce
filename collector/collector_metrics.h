#pragma once
// p15-collector's Prometheus metrics. Tesla's requests carry the service's metric names
// (p15_tesla_requests_total, p15_tesla_api_cost_dollars_total), so one dashboard sums the bill
// of both programs by their job label.
#include <memory>
#include <string>

#include "service/core/tesla_pricing.h"

namespace p15::collector {

class CollectorMetrics {
 public:
  CollectorMetrics();
  ~CollectorMetrics();
  std::string serialize() const;

  // source: gateway, wall_connector, live_status, site_info, summary, charge_state;
  // result: ok, asleep, error, skipped_budget
  void read(const std::string& source, const std::string& result);
  void row_written(const std::string& table);
  void row_write_failed(const std::string& table);
  void rows_pruned(const std::string& table, double n);
  void cycle();
  void tesla_request(TeslaCategory category, int status, bool billed);
  void month_spend(double dollars);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace p15::collector
