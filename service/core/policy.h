#pragma once
// A policy turns a snapshot into a decision. Pure: no I/O, no clock (the snapshot carries `now`).
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "service/core/planner_settings.h"
#include "service/core/result.h"
#include "service/core/smart_settings.h"
#include "service/core/types.h"

namespace p15 {

class Policy {
 public:
  virtual ~Policy() = default;
  virtual std::string name() const = 0;
  virtual Decision decide(const Snapshot& snapshot) const = 0;
};

struct PolicySettings {
  int min_amps = 5;  // start/stop threshold
  // The smart policy's settings (its min_amps is taken from the field above).
  SmartSettings smart;
  // The planner's own settings; its `smart` part is taken from the field above.
  PlannerSettings planner;
  // While the grid is down, the car charges only above this Powerwall level (outage.h); the
  // row's own value wins. nullopt: never during an outage.
  std::optional<double> off_grid_vehicle_charging_reserve_percent;
};

// Any policy under the outage rule (outage.h): what make_policy returns, so no policy can be
// run without it.
class OutageGuard final : public Policy {
 public:
  OutageGuard(std::unique_ptr<Policy> inner, std::optional<double> off_grid_reserve_percent)
      : inner_(std::move(inner)), off_grid_reserve_percent_(off_grid_reserve_percent) {}
  std::string name() const override { return inner_->name(); }
  Decision decide(const Snapshot& snapshot) const override;
  const Policy& inner() const { return *inner_; }

 private:
  std::unique_ptr<Policy> inner_;
  std::optional<double> off_grid_reserve_percent_;
};

// The policies the service can run, by name (config `policy.name`), each in an OutageGuard.
std::vector<std::string> policy_names();
Result<std::unique_ptr<Policy>> make_policy(const std::string& name,
                                            const PolicySettings& settings);

}  // namespace p15
