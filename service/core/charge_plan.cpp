#include "service/core/charge_plan.h"

#include <cmath>
#include <cstdio>

#include "service/core/local_time.h"

namespace p15 {

namespace {

constexpr int kMinTargetSoc = 1;
constexpr int kMaxTargetSoc = 100;

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

// How a value is named in a message: strings quoted, numbers as given, the rest by kind.
std::string shown(const InputValue& v) {
  switch (v.kind) {
    case InputValue::Kind::Missing:
      return "nothing";
    case InputValue::Kind::Null:
      return "null";
    case InputValue::Kind::String:
      return "\"" + v.text + "\"";
    case InputValue::Kind::Number: {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%g", v.number);
      return buf;
    }
    case InputValue::Kind::Other:
      return v.text;
  }
  return "?";
}

bool absent(const InputValue& v) {
  return v.kind == InputValue::Kind::Missing || v.kind == InputValue::Kind::Null;
}

Error invalid(const std::string& message) { return Error{message, ErrorKind::Invalid}; }

Result<ChargeMode> parse_mode(const InputValue& v) {
  const std::string expected = "expected one of " + join(charge_mode_names());
  if (absent(v)) return invalid("mode: required (" + expected + ")");
  if (v.kind != InputValue::Kind::String) return invalid("mode: " + expected + ", got " + shown(v));
  auto mode = charge_mode_from_string(v.text);
  if (!mode) return invalid("mode: " + expected + ", got " + shown(v));
  return *mode;
}

Result<std::optional<Seconds>> parse_departure(const InputValue& v) {
  if (absent(v)) return std::optional<Seconds>{};
  if (v.kind != InputValue::Kind::String) {
    return invalid("departure: expected a local time of day \"HH:MM\", got " + shown(v));
  }
  auto tod = parse_time_of_day(v.text, "departure");
  if (!tod) return invalid(tod.error().message);
  return std::optional<Seconds>{*tod};
}

Error bad_target(const std::string& got) {
  return invalid("target_soc: expected an integer " + std::to_string(kMinTargetSoc) + ".." +
                 std::to_string(kMaxTargetSoc) + " (%), got " + got);
}

Result<std::optional<int>> parse_target(const InputValue& v) {
  if (absent(v)) return std::optional<int>{};
  if (v.kind != InputValue::Kind::Number || !std::isfinite(v.number) ||
      v.number != std::floor(v.number) || v.number < kMinTargetSoc || v.number > kMaxTargetSoc) {
    return bad_target(shown(v));
  }
  return std::optional<int>{static_cast<int>(v.number)};
}

}  // namespace

Status check_charge_mode(const ChargeModeSetting& s) {
  if (s.target_soc && (*s.target_soc < kMinTargetSoc || *s.target_soc > kMaxTargetSoc)) {
    return bad_target(std::to_string(*s.target_soc));
  }
  if (s.departure_local &&
      (s.departure_local->count() < 0 || s.departure_local->count() >= 24 * 3600)) {
    return invalid("departure: expected a local time of day \"HH:MM\" (00:00..23:59)");
  }
  // Plan mode is "by the departure": without one it has nothing to plan for.
  if (s.mode == ChargeMode::Plan && !s.departure_local) {
    return invalid("departure: required when mode is plan (a local time of day \"HH:MM\")");
  }
  return ok_status();
}

Result<ChargeModeSetting> parse_charge_mode(const ChargeModeInput& in) {
  if (!in.unknown_fields.empty()) {
    return invalid("unknown field \"" + in.unknown_fields.front() +
                   "\" (known: mode, departure, target_soc)");
  }
  auto mode = parse_mode(in.mode);
  if (!mode) return mode.error();
  auto departure = parse_departure(in.departure);
  if (!departure) return departure.error();
  auto target = parse_target(in.target_soc);
  if (!target) return target.error();
  ChargeModeSetting s{*mode, *departure, *target};
  if (auto st = check_charge_mode(s); !st) return st.error();
  return s;
}

ChargeModeSetting default_charge_mode(const SmartSettings& settings) {
  ChargeModeSetting s;
  s.mode = settings.mode;
  s.departure_local = settings.departure_local;
  if (settings.target_soc > 0) s.target_soc = static_cast<int>(std::lround(settings.target_soc));
  return s;
}

ChargePlan charge_plan_for(const ChargeModeSetting& setting, const LocalZone& zone, TimePoint now) {
  ChargePlan plan;
  plan.mode = setting.mode;
  if (setting.departure_local) plan.departure = next_daily(zone, now, *setting.departure_local);
  if (setting.target_soc) plan.target_soc = static_cast<double>(*setting.target_soc);
  return plan;
}

}  // namespace p15
