#include "api/home_data_routes.h"

#include <charconv>
#include <cmath>

#include "api/json_mapping.h"
#include "api/savings.h"
#include "service/core/time_text.h"

namespace p15::api {

namespace {

long long unix_s(TimePoint t) { return t.time_since_epoch().count(); }

// Powers to whole W, currents to 0.1 A: what a chart can show.
std::string whole(double v) { return std::to_string(std::llround(v)); }
std::string tenths(double v) { return rounded_number(std::round(v * 10) / 10); }

std::string series(const Series& values, std::string (*format)(double)) {
  std::string out = "[";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ",";
    out += values[i] ? format(*values[i]) : "null";
  }
  return out + "]";
}

// The sums' fields, in the order of both the JSON and the CSV.
std::vector<std::pair<const char*, std::string>> sum_fields(const SessionSums& t) {
  return {{"car_kwh", rounded_number(t.car_kwh)},
          {"solar_kwh", rounded_number(t.solar_kwh)},
          {"powerwall_kwh", rounded_number(t.powerwall_kwh)},
          {"grid_kwh", rounded_number(t.grid_kwh)},
          {"cost", rounded_number(t.cost)},
          {"baseline_cost", rounded_number(t.baseline_cost)},
          {"saving", rounded_number(t.saving())},
          {"commands", std::to_string(t.commands)},
          {"wake_ups", std::to_string(t.wake_ups)}};
}

std::string sums_json(const SessionSums& t) {
  std::string out;
  for (const auto& [name, v] : sum_fields(t)) {
    out += std::string(out.empty() ? "" : ",") + "\"" + name + "\":" + v;
  }
  return out;
}

std::string line_json(const ChargeSession& s) {
  return "{\"vin\":" + json_text(s.key.vin) +
         ",\"started_at\":" + json_text(format_utc(s.key.started_at)) +
         ",\"last_at\":" + json_text(format_utc(s.last_at)) + ",\"ended_at\":" +
         (s.ended_at ? json_text(format_utc(*s.ended_at)) : std::string("null")) + "," +
         sums_json(s.sums) + "}";
}

// A CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break.
std::string csv_field(const std::string& v) {
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

std::string home_today_json(const HomeToday& h) {
  const PowerDay& d = h.day;
  std::string t = "[";
  for (std::size_t i = 0; i < d.t.size(); ++i) {
    t += (i > 0 ? "," : "") + std::to_string(unix_s(d.t[i]));
  }
  t += "]";
  return "{\"date\":" + json_text(h.date) + ",\"zone\":" + json_text(h.zone) +
         ",\"step_s\":" + std::to_string(d.step.count()) +
         ",\"from\":" + json_text(format_utc(d.from)) + ",\"to\":" + json_text(format_utc(d.to)) +
         ",\"t\":" + t + ",\"solar_w\":" + series(d.solar_w, whole) +
         ",\"house_w\":" + series(d.house_w, whole) +
         ",\"powerwall_w\":" + series(d.powerwall_w, whole) +
         ",\"grid_w\":" + series(d.grid_w, whole) + ",\"car_w\":" + series(d.car_w, whole) +
         ",\"car_amps\":" + series(d.car_amps, tenths) +
         ",\"rows\":{\"powerwall\":" + std::to_string(d.powerwall_rows) +
         ",\"vehicle\":" + std::to_string(d.vehicle_rows) +
         ",\"skipped\":" + std::to_string(d.skipped) + "}}";
}

std::string sessions_json(const SessionList& list) {
  std::string lines;
  for (const ChargeSession& s : list.sessions) lines += (lines.empty() ? "" : ",") + line_json(s);
  return "{\"sessions\":[" + lines + "],\"totals\":{" + sums_json(list.totals) + "}}";
}

std::string sessions_csv(const SessionList& list) {
  std::string out = "vin,started_at,last_at,ended_at";
  for (const auto& [name, v] : sum_fields(SessionSums{})) out += std::string(",") + name;
  out += "\r\n";
  for (const ChargeSession& s : list.sessions) {
    out += csv_field(s.key.vin) + "," + format_utc(s.key.started_at) + "," + format_utc(s.last_at) +
           "," + (s.ended_at ? format_utc(*s.ended_at) : "");
    for (const auto& [name, v] : sum_fields(s.sums)) out += "," + v;
    out += "\r\n";
  }
  return out;
}

int sessions_limit(const Request& request) {
  auto it = request.query.find("limit");
  if (it == request.query.end()) return kDefaultSessionsLimit;
  const std::string& v = it->second;
  int n = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc() || end != v.data() + v.size() || n < 1 || n > kMaxSessionsLimit) {
    throw BadRequest("limit: \"" + printable(v, 20) + "\" is not a whole number from 1 to " +
                     std::to_string(kMaxSessionsLimit));
  }
  return n;
}

void register_home_data_routes(Router& router, const std::string& root, const HomeDataCalls& c) {
  router.add("GET", root + "/home/today", [today = c.today](const Request&) {
    auto r = today();
    return r.ok() ? json_response(200, home_today_json(*r)) : refused(r.error());
  });
  router.add("GET", root + "/sessions", [sessions = c.sessions](const Request& request) {
    auto r = sessions(sessions_limit(request));
    return r.ok() ? json_response(200, sessions_json(*r)) : refused(r.error());
  });
  router.add("GET", root + "/sessions.csv", [sessions = c.sessions](const Request&) {
    auto r = sessions(std::nullopt);
    if (!r.ok()) return refused(r.error());
    return Response{200,
                    "text/csv; charset=utf-8",
                    sessions_csv(*r),
                    {{"Content-Disposition", "attachment; filename=\"p15-sessions.csv\""}}};
  });
}

}  // namespace p15::api
