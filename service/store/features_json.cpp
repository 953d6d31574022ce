#include "service/store/features_json.h"

#include <cmath>

namespace p15 {

web::json::value features_json(const std::vector<Feature>& features) {
  auto obj = web::json::value::object();
  for (const auto& f : features) {
    if (const auto* s = std::get_if<std::string>(&f.value)) {
      obj[f.name] = web::json::value::string(*s);
    } else {
      double d = std::get<double>(f.value);
      obj[f.name] = std::isfinite(d) ? web::json::value::number(d) : web::json::value::null();
    }
  }
  return obj;
}

std::string features_to_json(const std::vector<Feature>& features) {
  return features_json(features).serialize();
}

}  // namespace p15
