#include "api/json_mapping.h"

#include <cmath>

#include "service/core/time_text.h"
#include "service/store/features_json.h"

namespace p15::api {

using web::json::value;

namespace {
value optional_number(const std::optional<double>& v) {
  if (!v || !std::isfinite(*v)) return value::null();
  return value::number(std::round(*v * 100) / 100);
}
}  // namespace

std::string error_kind_name(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::Invalid:
      return "invalid";
    case ErrorKind::NotFound:
      return "no_data";
    case ErrorKind::Unavailable:
      return "unavailable";
    case ErrorKind::Stale:
      return "stale";
  }
  return "invalid";
}

value to_json(const BatteryStatusReading& r) {
  value v;
  v["status"] = value::string(r.status.status);
  v["battery_power_w"] = value::number(r.status.power_w);
  v["percentage_charged"] = value::number(r.status.percent);
  v["energy_left_wh"] = value::number(r.status.energy_left_wh);
  v["backup_reserve_wh"] = value::number(r.status.reserve_wh);
  v["time_to_full_h"] = optional_number(r.status.time_to_full_h);
  v["time_to_empty_h"] = optional_number(r.status.time_to_empty_h);
  v["time_to_reserve_h"] = optional_number(r.status.time_to_reserve_h);
  v["row_id"] = value::number(static_cast<int64_t>(r.row_id));
  v["age_s"] = value::number(static_cast<int64_t>(r.age_s));
  return v;
}

value to_json(const RecordedDecision& r) {
  value v;
  v["amps"] = value::number(r.decision.amps);
  v["charging_amps"] = value::number(r.decision.amps);  // the original's field name
  v["policy"] = value::string(r.decision.policy);
  v["intent"] = value::string(to_string(r.decision.intent));
  v["reason"] = value::string(r.decision.reason);
  v["features"] = features_json(r.decision.features);
  v["record_id"] = value::number(static_cast<int64_t>(r.record_id));
  v["decided_at"] = value::string(format_utc(r.snapshot.now));
  return v;
}

value to_json(const ManageResult& m) {
  value v;
  v["action"] = value::string(to_string(m.plan.action));
  v["reason"] = value::string(m.plan.reason);
  v["amps"] = value::number(m.recorded.decision.amps);
  v["policy"] = value::string(m.recorded.decision.policy);
  v["record_id"] = value::number(static_cast<int64_t>(m.recorded.record_id));
  std::vector<value> commands;
  for (const auto& a : m.report.attempts) {
    value c;
    c["command"] = value::string(to_string(a.kind));
    if (a.kind == CommandKind::SetChargingAmps) c["amps"] = value::number(a.amps);
    c["outcome"] = value::string(to_string(a.outcome));
    c["http_status"] = value::number(a.http_status);
    c["reason"] = value::string(a.reason);
    commands.push_back(c);
  }
  v["commands"] = value::array(commands);
  v["wake_ups"] = value::number(m.report.wakes);
  v["done"] = value::boolean(m.report.done);
  v["result"] = value::string(m.report.summary);
  return v;
}

value to_json(const PollStatus& s) {
  value v;
  v["running"] = value::boolean(s.running);
  v["cycles"] = value::number(static_cast<int64_t>(s.cycles));
  v["interval_s"] = value::number(static_cast<int64_t>(s.interval.count()));
  v["last_cycle_at"] =
      s.last_cycle_at ? value::string(format_utc(*s.last_cycle_at)) : value::null();
  v["last_result"] = s.last_result ? value::string(to_string(*s.last_result)) : value::null();
  v["owner_override"] = s.owner_override ? value::string(*s.owner_override) : value::null();
  return v;
}

Response ok_json(const value& v) { return json_response(200, v.serialize()); }

Response json_error(int status, const std::string& message, const std::string& kind) {
  value v;
  v["error"] = value::string(message);
  v["kind"] = value::string(kind);
  return json_response(status, v.serialize());
}

Response refused(const Error& e) { return json_error(503, e.message, error_kind_name(e.kind)); }

}  // namespace p15::api
