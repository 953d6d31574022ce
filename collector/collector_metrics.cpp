#include "collector/collector_metrics.h"

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include "service/metrics/tesla_metrics.h"

namespace p15::collector {

using prometheus::BuildCounter;
using prometheus::BuildGauge;
using prometheus::Counter;
using prometheus::Family;

struct CollectorMetrics::Impl {
  std::shared_ptr<prometheus::Registry> registry = std::make_shared<prometheus::Registry>();
  Family<Counter>& reads =
      BuildCounter()
          .Name("p15_collector_reads_total")
          .Help("Reads of the home's sources and Tesla's, by source and result")
          .Register(*registry);
  Family<Counter>& rows = BuildCounter()
                              .Name("p15_collector_rows_written_total")
                              .Help("Rows appended, by table")
                              .Register(*registry);
  Family<Counter>& row_failures = BuildCounter()
                                      .Name("p15_collector_row_write_failures_total")
                                      .Help("Rows that could not be written, by table")
                                      .Register(*registry);
  Family<Counter>& pruned = BuildCounter()
                                .Name("p15_collector_rows_pruned_total")
                                .Help("Rows deleted past collector.retention_days, by table")
                                .Register(*registry);
  Counter& cycles = BuildCounter()
                        .Name("p15_collector_cycles_total")
                        .Help("Collection rounds run")
                        .Register(*registry)
                        .Add({});
  TeslaRequestMetrics tesla{*registry};
  prometheus::Gauge& spend =
      BuildGauge()
          .Name("p15_collector_month_spend_dollars")
          .Help("Billed Tesla requests this calendar month (UTC), in dollars")
          .Register(*registry)
          .Add({});
};

CollectorMetrics::CollectorMetrics() : impl_(std::make_unique<Impl>()) {
  impl_->tesla.declare_categories();
}

CollectorMetrics::~CollectorMetrics() = default;

std::string CollectorMetrics::serialize() const {
  return prometheus::TextSerializer().Serialize(impl_->registry->Collect());
}

void CollectorMetrics::read(const std::string& source, const std::string& result) {
  impl_->reads.Add({{"source", source}, {"result", result}}).Increment();
}

void CollectorMetrics::row_written(const std::string& table) {
  impl_->rows.Add({{"table", table}}).Increment();
}

void CollectorMetrics::row_write_failed(const std::string& table) {
  impl_->row_failures.Add({{"table", table}}).Increment();
}

void CollectorMetrics::rows_pruned(const std::string& table, double n) {
  impl_->pruned.Add({{"table", table}}).Increment(n);
}

void CollectorMetrics::cycle() { impl_->cycles.Increment(); }

void CollectorMetrics::tesla_request(TeslaCategory category, int status, bool billed) {
  impl_->tesla.request(category, status, billed);
}

void CollectorMetrics::month_spend(double dollars) { impl_->spend.Set(dollars); }

}  // namespace p15::collector
