#include "api/routes.h"

#include "api/alert_routes.h"
#include "api/charge_mode_routes.h"
#include "api/home_routes.h"
#include "api/home_data_routes.h"
#include "api/json_mapping.h"
#include "api/savings.h"
#include "api/static_files.h"
#include "service/core/time_text.h"

namespace p15::api {

using web::json::value;

namespace {

Response hello(const ServiceFacts& facts) {
  value v;
  v["service"] = value::string("Project 15th Street");
  v["version"] = value::string(P15_VERSION);
  v["policy"] = value::string(facts.policy);
  v["vehicle_adapter"] = value::string(facts.vehicle_adapter);
  v["message"] = value::string("Charges the car from surplus solar and spare Powerwall energy");
  return ok_json(v);
}

// One of the Cycle's passes, as 200 with its JSON or 503 with why it was refused.
template <class Call>
Handler cycle_pass(Call call) {
  return [call](const Request&) {
    auto r = call();
    return r.ok() ? ok_json(to_json(*r)) : refused(r.error());
  };
}

// /start-poll and /stop-poll: the loop's status after the call, and whether it changed anything.
struct PollSwitch {
  std::function<bool()> PollCalls::*call;
  const char* field;    // true when the call changed the loop
  const char* changed;  // the message then
  const char* same;     // the message when the loop was already so
};
const PollSwitch kStartPoll{&PollCalls::start, "started", "poll started", "poll already running"};
const PollSwitch kStopPoll{&PollCalls::stop, "stopped", "poll stopped", "poll was not running"};

Handler switch_poll(const PollCalls& poll, const PollSwitch& s) {
  return [poll, s](const Request&) {
    const bool changed = (poll.*s.call)();
    value v = to_json(poll.status());
    v[s.field] = value::boolean(changed);
    v["message"] = value::string(changed ? s.changed : s.same);
    return ok_json(v);
  };
}

Response status_poll(const PollCalls& poll) {
  PollStatus st = poll.status();
  if (!st.ever_started) return Response{204, "application/json", "", {}};
  return ok_json(to_json(st));
}

// Every problem that makes the service unhealthy, in words for the owner.
std::vector<value> health_problems(const HealthCalls& h, const Status& db, const PollStatus& st) {
  std::vector<value> problems;
  if (!db.ok()) problems.push_back(value::string("database: " + db.error().message));
  if (st.running) {
    auto limit = st.interval * 3;
    bool recent = st.last_cycle_at && h.now() - *st.last_cycle_at <= limit;
    if (!recent) {
      problems.push_back(
          value::string("poll: no cycle in the last " + std::to_string(limit.count()) + " s"));
    }
  }
  if (Status clock = h.check_clock(); !clock.ok()) {
    problems.push_back(value::string("clock: " + clock.error().message));
  }
  if (auto latched = h.latched()) problems.push_back(value::string(*latched));
  return problems;
}

Response healthcheck(const HealthCalls& h) {
  const Status db = h.ping_database();
  const PollStatus st = h.poll_status();
  const std::vector<value> problems = health_problems(h, db, st);
  value v;
  if (auto until = h.rate_limited_until()) {
    // Not unhealthy: the service waits as Tesla asked and goes on by itself.
    v["tesla_rate_limited_until"] = value::string(format_utc(*until));
  }
  v["status"] = value::string(problems.empty() ? "ok" : "unhealthy");
  v["database"] = value::string(db.ok() ? "ok" : "error");
  v["poll"] = to_json(st);
  v["problems"] = value::array(problems);
  return json_response(problems.empty() ? 200 : 503, v.serialize());
}

// A handler that answers from one group of calls, kept by value.
template <class Calls>
Handler with(const Calls& calls, Response (*fn)(const Calls&)) {
  return [calls, fn](const Request&) { return fn(calls); };
}

}  // namespace

void register_routes(Router& router, const ServiceConfig& service, const UseCases& u) {
  const std::string root = service.application_root;
  // The original's endpoints are all GETs; those that change state (record a decision, command
  // the car, start or stop the loop) need the token like any non-GET route.
  const DecisionCalls& d = u.decisions;
  router.add("GET", root.empty() ? "/" : root, with(u.facts, hello));
  router.add("GET", root + "/battery-status", cycle_pass(d.battery_status));
  router.add("GET", root + "/set-charging-amps", cycle_pass(d.decide_and_record), Access::token);
  router.add("GET", root + "/manage-vehicle", cycle_pass(d.manage), Access::token);
  router.add("GET", root + "/start-poll", switch_poll(u.poll, kStartPoll), Access::token);
  router.add("GET", root + "/status-poll", with(u.poll, status_poll));
  router.add("POST", root + "/resume-steering", [poll = u.poll](const Request&) {
    const bool resumed = poll.resume_steering ? poll.resume_steering() : false;
    value v = to_json(poll.status());
    v["resumed"] = value::boolean(resumed);
    v["message"] = value::string(resumed ? "steering the car again from the next cycle"
                                         : "the service was steering the car already");
    return ok_json(v);
  });
  router.add("GET", root + "/stop-poll", switch_poll(u.poll, kStopPoll), Access::token);
  router.add("GET", root + "/savings", with(u.savings, savings));
  router.add("GET", "/healthcheck", with(u.health, healthcheck));
  router.add("GET", "/metrics", [text = u.metrics_text](const Request&) {
    return Response{200, "text/plain; version=0.0.4; charset=utf-8", text(), {}};
  });
  register_charge_mode_routes(router, root, u.facts, u.charge_modes);
  register_alert_routes(router, root, u.alerts);
  register_home_data_routes(router, root, u.home_data);
  register_ui_routes(router, service);
  register_home_routes(router, service, u);
}

}  // namespace p15::api
