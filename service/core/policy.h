#pragma once
// A policy turns a snapshot into a decision. Pure: no I/O, no clock (the snapshot carries `now`).
#include <memory>
#include <string>
#include <vector>

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
};

// The policies the service can run, by name (config `policy.name`).
std::vector<std::string> policy_names();
Result<std::unique_ptr<Policy>> make_policy(const std::string& name,
                                            const PolicySettings& settings);

}  // namespace p15
