#include "api/charge_mode_routes.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>

#include "api/json_mapping.h"
#include "service/core/local_time.h"
#include "service/core/time_text.h"

namespace p15::api {

using web::json::value;

namespace {

constexpr char kSuffix[] = "/charge-mode";

Response invalid(const std::string& message) { return json_error(400, message, "invalid"); }

InputValue input_of(const value& v) {
  using K = InputValue::Kind;
  switch (v.type()) {
    case value::Null:
      return {K::Null, "", 0};
    case value::String:
      return {K::String, v.as_string(), 0};
    case value::Number:
      return {K::Number, "", v.as_double()};
    case value::Boolean:
      return {K::Other, "a boolean", 0};
    case value::Array:
      return {K::Other, "an array", 0};
    case value::Object:
      return {K::Other, "an object", 0};
  }
  return {K::Other, "an unknown JSON value", 0};
}

// "application/json; charset=utf-8" -> "application/json".
std::string media_type(const std::string& content_type) {
  std::string m = content_type.substr(0, content_type.find(';'));
  m.erase(std::remove_if(m.begin(), m.end(), [](unsigned char c) { return std::isspace(c); }),
          m.end());
  std::transform(m.begin(), m.end(), m.begin(), [](unsigned char c) { return std::tolower(c); });
  return m;
}

// The VIN in "{prefix}{vin}/charge-mode", or nullopt when the path is something else.
std::optional<std::string> vin_of(const std::string& path, const std::string& prefix) {
  const std::string suffix = kSuffix;
  if (path.size() <= prefix.size() + suffix.size()) return std::nullopt;
  if (path.compare(path.size() - suffix.size(), suffix.size(), suffix) != 0) return std::nullopt;
  std::string vin = path.substr(prefix.size(), path.size() - prefix.size() - suffix.size());
  if (vin.find('/') != std::string::npos) return std::nullopt;
  return vin;
}

class ChargeModeRoutes {
 public:
  ChargeModeRoutes(std::string prefix, ServiceFacts facts, ChargeModeCalls calls)
      : prefix_(std::move(prefix)), facts_(std::move(facts)), calls_(std::move(calls)) {}

  Response get(const Request& r) const {
    std::string vin;
    if (auto bad = known_vin(r, vin)) return *bad;
    auto stored = calls_.read(vin);
    if (!stored.ok()) return refused(stored.error());
    if (stored->has_value()) return answer(vin, (*stored)->setting, (*stored)->updated_at);
    return answer(vin, facts_.default_charge_mode, std::nullopt);
  }

  Response put(const Request& r) const {
    std::string vin;
    if (auto bad = known_vin(r, vin)) return *bad;
    const std::string media = media_type(r.content_type);
    if (media != "application/json") {
      return invalid("Content-Type: expected application/json, got \"" + r.content_type + "\"");
    }
    value body;
    try {
      body = value::parse(r.body);
    } catch (const std::exception& e) {
      return invalid(std::string("body: malformed JSON: ") + e.what());
    }
    if (!body.is_object()) return invalid("body: expected a JSON object");
    auto setting = parse_charge_mode(charge_mode_input(body));
    if (!setting.ok()) return invalid(setting.error().message);
    StoredChargeMode stored{vin, *setting, calls_.now()};
    if (auto st = calls_.upsert(stored); !st.ok()) {
      if (st.error().kind == ErrorKind::Invalid) return invalid(st.error().message);
      return refused(st.error());
    }
    spdlog::info("charge mode set vin={} mode={} departure={} target_soc={}", vin,
                 to_string(setting->mode),
                 setting->departure_local ? format_time_of_day(*setting->departure_local) : "-",
                 setting->target_soc ? std::to_string(*setting->target_soc) : "-");
    return answer(vin, *setting, stored.updated_at);
  }

 private:
  // Fills `vin`, or answers 404 for a path that is not a charge-mode URL or a car not managed.
  std::optional<Response> known_vin(const Request& r, std::string& vin) const {
    auto found = vin_of(r.path, prefix_);
    if (!found) return json_error(404, "no such endpoint: " + r.path, "not_found");
    // The configured VIN is not echoed: a caller guessing VINs learns nothing.
    if (facts_.vin.empty() || *found != facts_.vin) {
      return json_error(404, "no vehicle \"" + *found + "\": this service manages only vehicle.vin",
                        "not_found");
    }
    vin = *found;
    return std::nullopt;
  }

  Response answer(const std::string& vin, const ChargeModeSetting& setting,
                  const std::optional<TimePoint>& updated_at) const {
    return json_response(200,
                         charge_mode_json(vin, setting, updated_at, facts_.policy).serialize());
  }

  std::string prefix_;
  ServiceFacts facts_;
  ChargeModeCalls calls_;
};

}  // namespace

ChargeModeInput charge_mode_input(const value& body) {
  ChargeModeInput in;
  for (const auto& [key, v] : body.as_object()) {
    if (key == "mode") {
      in.mode = input_of(v);
    } else if (key == "departure") {
      in.departure = input_of(v);
    } else if (key == "target_soc") {
      in.target_soc = input_of(v);
    } else {
      in.unknown_fields.push_back(key);
    }
  }
  return in;
}

value charge_mode_json(const std::string& vin, const ChargeModeSetting& s,
                       const std::optional<TimePoint>& updated_at, const std::string& policy) {
  value v;
  v["vin"] = value::string(vin);
  v["mode"] = value::string(to_string(s.mode));
  v["departure"] =
      s.departure_local ? value::string(format_time_of_day(*s.departure_local)) : value::null();
  v["target_soc"] = s.target_soc ? value::number(*s.target_soc) : value::null();
  v["source"] = value::string(updated_at ? "stored" : "default");
  v["updated_at"] = updated_at ? value::string(format_utc(*updated_at)) : value::null();
  v["policy"] = value::string(policy);
  return v;
}

void register_charge_mode_routes(Router& router, const std::string& application_root,
                                 const ServiceFacts& facts, const ChargeModeCalls& calls) {
  const std::string prefix = application_root + "/vehicles/";
  auto routes = std::make_shared<ChargeModeRoutes>(prefix, facts, calls);
  router.add_prefix("GET", prefix, [routes](const Request& r) { return routes->get(r); });
  router.add_prefix("PUT", prefix, [routes](const Request& r) { return routes->put(r); });
}

}  // namespace p15::api
