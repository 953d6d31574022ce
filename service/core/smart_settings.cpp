#include "service/core/smart_settings.h"

namespace p15 {

namespace {
constexpr ChargeMode kModes[] = {ChargeMode::Off, ChargeMode::Solar, ChargeMode::SolarMin,
                                 ChargeMode::Fast, ChargeMode::Plan};
}

std::string to_string(ChargeMode m) {
  switch (m) {
    case ChargeMode::Off:
      return "off";
    case ChargeMode::Solar:
      return "solar";
    case ChargeMode::SolarMin:
      return "solar+min";
    case ChargeMode::Fast:
      return "fast";
    case ChargeMode::Plan:
      return "plan";
  }
  return "unknown";
}

std::optional<ChargeMode> charge_mode_from_string(const std::string& s) {
  for (ChargeMode m : kModes) {
    if (to_string(m) == s) return m;
  }
  return std::nullopt;
}

std::vector<std::string> charge_mode_names() {
  std::vector<std::string> names;
  for (ChargeMode m : kModes) names.push_back(to_string(m));
  return names;
}

}  // namespace p15
