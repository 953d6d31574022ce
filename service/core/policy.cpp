#include "service/core/policy.h"

#include <algorithm>

#include "service/core/charge_now_policy.h"
#include "service/core/legacy_policy.h"
#include "service/core/outage.h"
#include "service/core/planner_policy.h"
#include "service/core/smart_policy.h"
#include "service/core/surplus_delay_policy.h"

namespace p15 {

std::vector<std::string> policy_names() {
  return {"legacy", "charge-now", "surplus-delay", "smart", "planner"};
}

Decision OutageGuard::decide(const Snapshot& snapshot) const {
  return apply_outage_rule(inner_->decide(snapshot), snapshot, off_grid_reserve_percent_);
}

namespace {

Result<std::unique_ptr<Policy>> make_bare_policy(const std::string& name,
                                                 const PolicySettings& settings) {
  if (name == "legacy") return std::unique_ptr<Policy>(std::make_unique<LegacyPolicy>(settings));
  if (name == "charge-now") {
    return std::unique_ptr<Policy>(std::make_unique<ChargeNowPolicy>(settings));
  }
  if (name == "surplus-delay") {
    // The configured floor (Tesla's app floor by default) applies when it is above the
    // controller's own 6 A minimum.
    SurplusDelaySettings s;
    s.min_amps = std::max(s.min_amps, settings.min_amps);
    return std::unique_ptr<Policy>(std::make_unique<SurplusDelayPolicy>(s));
  }
  if (name == "smart") {
    SmartSettings s = settings.smart;
    s.min_amps = settings.min_amps;
    return std::unique_ptr<Policy>(std::make_unique<SmartPolicy>(std::move(s)));
  }
  if (name == "planner") {
    PlannerSettings s = settings.planner;
    s.smart = settings.smart;
    s.smart.min_amps = settings.min_amps;
    return std::unique_ptr<Policy>(std::make_unique<PlannerPolicy>(std::move(s)));
  }
  std::string known;
  for (const auto& n : policy_names()) known += (known.empty() ? "" : ", ") + n;
  return Error{"unknown policy \"" + name + "\" (known: " + known + ")"};
}

}  // namespace

Result<std::unique_ptr<Policy>> make_policy(const std::string& name,
                                            const PolicySettings& settings) {
  auto bare = make_bare_policy(name, settings);
  if (!bare) return bare;
  return std::unique_ptr<Policy>(std::make_unique<OutageGuard>(
      std::move(bare).value(), settings.off_grid_vehicle_charging_reserve_percent));
}

}  // namespace p15
