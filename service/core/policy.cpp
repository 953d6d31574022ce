#include "service/core/policy.h"

#include "service/core/legacy_policy.h"

namespace p15 {

std::vector<std::string> policy_names() { return {"legacy"}; }

Result<std::unique_ptr<Policy>> make_policy(const std::string& name,
                                            const PolicySettings& settings) {
  if (name == "legacy") return std::unique_ptr<Policy>(std::make_unique<LegacyPolicy>(settings));
  std::string known;
  for (const auto& n : policy_names()) known += (known.empty() ? "" : ", ") + n;
  return Error{"unknown policy \"" + name + "\" (known: " + known + ")"};
}

}  // namespace p15
