#include "api/home_routes.h"

#include <spdlog/spdlog.h>

#include <cmath>
#include <filesystem>

#include "api/alert_routes.h"
#include "api/charge_mode_routes.h"
#include "api/event_hub.h"
#include "api/json_mapping.h"
#include "api/static_files.h"
#include "service/core/time_text.h"

namespace p15::api {

namespace fs = std::filesystem;
using web::json::value;

namespace {

value watts(double w) { return value::number(static_cast<double>(std::lround(w))); }
value tenth(double x) { return value::number(std::round(x * 10) / 10); }

value power_json(const HomeView& v) {
  value p;
  p["solar_w"] = watts(v.flow.solar_w);
  p["house_w"] = watts(v.flow.house_w);
  p["powerwall_w"] = watts(v.flow.powerwall_w);
  p["grid_w"] = watts(v.flow.grid_w);
  p["car_w"] = watts(v.flow.car_w);
  return p;
}

value powerwall_json(const HomeView& v) {
  if (!v.has_powerwall) return value::null();
  value p;
  p["soc_percent"] = tenth(v.powerwall.soc_percent);
  p["reserve_percent"] = tenth(v.powerwall.reserve_percent);
  p["power_w"] = watts(v.powerwall.power_w);
  p["at_floor"] = value::boolean(v.powerwall.at_floor);
  p["grid_status"] =
      v.powerwall.grid_status ? value::string(*v.powerwall.grid_status) : value::null();
  p["age_s"] = value::number(static_cast<int64_t>(v.powerwall_age_s));
  return p;
}

value car_json(const HomeView& v) {
  if (!v.has_vehicle) return value::null();
  const CarView& c = v.car;
  value j;
  j["vin"] = value::string(c.vin);
  j["amps"] = value::number(c.amps);
  j["kw"] = value::number(std::round(c.kw * 100) / 100);
  j["soc_percent"] = tenth(c.soc_percent);
  j["charge_limit_percent"] = tenth(c.charge_limit_percent);
  j["target_soc"] = tenth(v.target_soc);
  j["plugged_in"] = value::boolean(c.plugged_in);
  j["state"] = value::string(c.state);
  j["asleep"] = value::boolean(c.asleep);
  j["charging_state"] = value::string(c.charging_state);
  j["time_to_target_s"] =
      v.time_to_target_s ? value::number(static_cast<int64_t>(*v.time_to_target_s)) : value::null();
  j["age_s"] = value::number(static_cast<int64_t>(v.vehicle_age_s));
  return j;
}

value decision_json(const std::optional<DecisionView>& d) {
  if (!d) return value::null();
  value j;
  j["amps"] = value::number(d->amps);
  j["intent"] = value::string(d->intent);
  j["policy"] = value::string(d->policy);
  j["reason"] = value::string(d->reason);
  j["explanation"] = value::string(d->explanation);
  j["decided_at"] = value::string(format_utc(d->decided_at));
  j["record_id"] = value::number(d->record_id);
  return j;
}

// Browsers resolve the page's relative links against its directory: "{root}/home" must become
// "{root}/home/".
Response to_home_directory() {
  return Response{200,
                  "text/html; charset=utf-8",
                  "<!DOCTYPE html><html lang=\"en\"><head><meta http-equiv=\"refresh\" "
                  "content=\"0; url=home/\"><title>Home</title></head><body><a "
                  "href=\"home/\">The home's page</a></body></html>\n",
                  {}};
}

}  // namespace

value home_state_json(const HomeView& v, const ServiceFacts& facts,
                      const std::vector<Alert>& alerts) {
  value j;
  j["at"] = value::string(format_utc(v.at));
  j["stale"] = value::boolean(v.stale);
  j["power"] = v.has_powerwall ? power_json(v) : value::null();
  j["powerwall"] = powerwall_json(v);
  j["car"] = car_json(v);
  j["mode"] = charge_mode_json(facts.vin.empty() ? v.car.vin : facts.vin, v.mode, v.mode_updated_at,
                               facts.policy);
  j["decision"] = decision_json(v.decision);
  j["alerts"] = value::parse(alerts_json(alerts)).at("alerts");
  return j;
}

std::string first_events_chunk(const std::string& state_json) {
  // The browser's EventSource reconnects by itself, after `retry` ms.
  return "retry: 3000\n\n" + sse_frame("state", state_json, 0);
}

void register_home_routes(Router& router, const ServiceConfig& service, const UseCases& u) {
  const std::string root = service.application_root;
  const fs::path dir = service.home_dir;
  const fs::path vendor = dir / "node_modules" / "uplot" / "dist";
  std::error_code ec;
  if (!fs::is_regular_file(dir / "index.html", ec)) {
    spdlog::warn("home_page=missing home_dir={} answer=503", absolute_path_text(dir));
  }
  const std::string missing_page =
      "the home page is not installed: \"" + absolute_path_text(dir) +
      "\" has no index.html; set service.home_dir (P15_SERVICE_HOME_DIR)";
  const std::string missing_vendor =
      "uPlot is not installed in \"" + absolute_path_text(vendor) +
      "\": run `npm ci --prefix web` from the repository root (scripts/install-deps.sh does)";
  router.add("GET", root + "/home", [](const Request&) { return to_home_directory(); });
  const std::string prefix = root + "/home/";
  router.add_prefix("GET", prefix, [dir, prefix, missing_page](const Request& r) {
    return serve_file_below(dir, prefix, r, missing_page);
  });
  const std::string vendor_prefix = prefix + "vendor/";
  router.add_prefix(
      "GET", vendor_prefix, [vendor, vendor_prefix, missing_vendor](const Request& r) {
        return serve_file_below(vendor, vendor_prefix, r, missing_vendor, "uPlot.iife.min.js");
      });
  const HomeCalls home = u.home;
  const ServiceFacts facts = u.facts;
  // The alerts are the monitor's (none before the first cycle, or in a test without it).
  const auto alerts = [active = u.alerts.active] {
    return active ? active() : std::vector<Alert>{};
  };
  router.add("GET", root + "/home/state", [home, facts, alerts](const Request&) {
    return ok_json(home_state_json(home.state(), facts, alerts()));
  });
  router.add("GET", root + "/events", [home, facts, alerts](const Request&) {
    Response r{200,
               "text/event-stream",
               first_events_chunk(home_state_json(home.state(), facts, alerts()).serialize()),
               {{"Cache-Control", "no-cache"}, {"X-Accel-Buffering", "no"}}};
    r.events = home.events;
    return r;
  });
}

}  // namespace p15::api
