#pragma once
// The planner's perfect forecast: the horizon's own solar and house load for the hours ahead.
// The same planner with this outlook shows what forecast error costs (learned minus oracle).
#include "bench/horizon.h"
#include "service/core/outlook.h"

namespace p15::bench {

class OracleOutlook final : public OutlookSource {
 public:
  OracleOutlook(const Horizon& horizon, Tariff tariff, int horizon_h = 36)
      : h_(horizon), tariff_(std::move(tariff)), horizon_h_(horizon_h) {}
  void observe(const Snapshot&) override {}
  std::shared_ptr<const Outlook> outlook(TimePoint now) const override;

 private:
  const Horizon& h_;
  Tariff tariff_;
  int horizon_h_;
};

// The horizon's energy over [from, to), Wh: solar and house load (slots held constant).
HourForecast horizon_energy(const Horizon& h, TimePoint from, TimePoint to);

}  // namespace p15::bench
