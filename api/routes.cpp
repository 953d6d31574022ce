#include "api/routes.h"

#include "api/charge_mode_routes.h"
#include "api/json_mapping.h"
#include "api/savings.h"
#include "api/static_files.h"

namespace p15::api {

using web::json::value;

namespace {

Response ok_json(const value& v) { return json_response(200, v.serialize()); }

// Data the service cannot use (stale, malformed, missing, DB down) is a 503: the service is up
// but cannot answer truthfully now.
Response refused(const Error& e) { return json_response(503, error_json(e).serialize()); }

Response hello(Services& s) {
  value v;
  v["service"] = value::string("Project 15th Street");
  v["version"] = value::string(P15_VERSION);
  v["policy"] = value::string(s.cycle.policy().name());
  v["vehicle_adapter"] = value::string(s.config.vehicle.adapter);
  v["message"] = value::string("Charges the car from surplus solar and spare Powerwall energy");
  return ok_json(v);
}

Response battery_status(Services& s) {
  auto r = s.cycle.battery();
  return r.ok() ? ok_json(to_json(*r)) : refused(r.error());
}

Response set_charging_amps(Services& s) {
  auto r = s.cycle.decide_and_record();
  return r.ok() ? ok_json(to_json(*r)) : refused(r.error());
}

Response manage_vehicle(Services& s) {
  auto r = s.cycle.manage();
  return r.ok() ? ok_json(to_json(*r)) : refused(r.error());
}

Response start_poll(Services& s) {
  bool started = s.poller.start();
  value v = to_json(s.poller.status());
  v["started"] = value::boolean(started);
  v["message"] = value::string(started ? "poll started" : "poll already running");
  return ok_json(v);
}

Response stop_poll(Services& s) {
  bool stopped = s.poller.stop();
  value v = to_json(s.poller.status());
  v["stopped"] = value::boolean(stopped);
  v["message"] = value::string(stopped ? "poll stopped" : "poll was not running");
  return ok_json(v);
}

Response status_poll(Services& s) {
  PollStatus st = s.poller.status();
  if (!st.ever_started) return Response{204, "application/json", "", {}};
  return ok_json(to_json(st));
}

Response healthcheck(Services& s) {
  std::vector<value> problems;
  Status db = s.store.ping();
  if (!db.ok()) problems.push_back(value::string("database: " + db.error().message));
  PollStatus st = s.poller.status();
  if (st.running) {
    auto limit = st.interval * 3;
    bool recent = st.last_cycle_at && s.clock.now() - *st.last_cycle_at <= limit;
    if (!recent) {
      problems.push_back(
          value::string("poll: no cycle in the last " + std::to_string(limit.count()) + " s"));
    }
  }
  if (auto home = s.home_clock.now(); !home.ok()) {
    problems.push_back(value::string("clock: " + home.error().message));
  }
  if (auto latched = s.commander.latched()) problems.push_back(value::string(*latched));
  value v;
  if (auto until = s.commander.rate_limited_until()) {
    // Not unhealthy: the service waits as Tesla asked and goes on by itself.
    v["tesla_rate_limited_until"] = value::string(iso8601(*until));
  }
  v["status"] = value::string(problems.empty() ? "ok" : "unhealthy");
  v["database"] = value::string(db.ok() ? "ok" : "error");
  v["poll"] = to_json(st);
  v["problems"] = value::array(problems);
  return json_response(problems.empty() ? 200 : 503, v.serialize());
}

}  // namespace

void register_routes(Router& router, Services& s) {
  const std::string root = s.config.service.application_root;
  // The original's endpoints are all GETs; those that change state (record a decision, command
  // the car, start or stop the loop) need the token like any non-GET route.
  auto get = [&](const std::string& path, Response (*fn)(Services&),
                 Access access = Access::automatic) {
    router.add(
        "GET", path, [&s, fn](const Request&) { return fn(s); }, access);
  };
  get(root.empty() ? "/" : root, hello);
  get(root + "/battery-status", battery_status);
  get(root + "/set-charging-amps", set_charging_amps, Access::token);
  get(root + "/manage-vehicle", manage_vehicle, Access::token);
  get(root + "/start-poll", start_poll, Access::token);
  get(root + "/status-poll", status_poll);
  get(root + "/stop-poll", stop_poll, Access::token);
  get(root + "/savings", savings);
  get("/healthcheck", healthcheck);
  router.add("GET", "/metrics", [&s](const Request&) {
    return Response{200, "text/plain; version=0.0.4; charset=utf-8", s.metrics.serialize(), {}};
  });
  register_charge_mode_routes(router, s);
  register_ui_routes(router, s.config.service);
}

}  // namespace p15::api
