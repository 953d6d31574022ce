#include "sim/tesla_front.h"

#include <cpprest/json.h>

#include "sim/collector_json.h"

namespace p15::sim {
namespace {

using web::json::value;

// The error shape both Fleet and tesla-http-proxy use: vehicle-command pkg/proxy/proxy.go's
// Response struct ({"response": null, "error": ..., "error_description": ...}).
TeslaAnswer error_answer(int status, const std::string& error) {
  value v;
  v["response"] = value::null();
  v["error"] = value::string(error);
  v["error_description"] = value::string("");
  return TeslaAnswer{status, v.serialize(), {}, TeslaCategory::Data, status};
}

TeslaAnswer response_answer(const value& response) {
  value v;
  v["response"] = response;
  return TeslaAnswer{200, v.serialize(), {}, TeslaCategory::Data, 200};
}

// vehicle-command pkg/connector/inet/inet.go (ErrVehicleNotAwake): Fleet's 408 for a car that
// is asleep or offline; the proxy writes the same text as a 500 for a signed command.
const char* kUnavailable = "vehicle unavailable: vehicle is offline or asleep";
// vehicle-command pkg/protocol/error.go ErrKeyNotPaired; TeslaSolarCharger matches this text.
const char* kNotPaired =
    "vehicle rejected request: your public key has not been paired with the vehicle";

// Tesla's 5xx error enums (Fleet API conventions).
TeslaAnswer server_error(int status) {
  switch (status) {
    case 503:
      return error_answer(503, "service_unavailable");
    case 504:
      return error_answer(504, "gateway_timeout");
    case 540:
      return error_answer(540, "device_unexpected_error");
    default:
      return error_answer(status, "internal_error");
  }
}

// Fleet names the wait in a plain-text body, "Retry in 37829 seconds" (vehicle-command #255,
// tests/data/tesla/fleet_429_retry_in.json), with Retry-After and RateLimit-* headers (Tesla's
// rate-limit docs; TeslaLogger #1304 logs ratelimit-reset). For a signed command the proxy passes
// Fleet's error on as its body only (proxy.go writeJSONError with an inet.HTTPError), so the
// headers are lost there (tesla-http-proxy-addon #122, proxy_429_retry_in.json).
TeslaAnswer rate_limited(int retry_after_s, bool with_headers) {
  const std::string s = std::to_string(retry_after_s);
  TeslaAnswer a{429, "Retry in " + s + " seconds", {}, TeslaCategory::Data, 429};
  if (with_headers) {
    a.headers = {{"Retry-After", s},
                 {"RateLimit-Limit", "30"},
                 {"RateLimit-Remaining", "0"},
                 {"RateLimit-Reset", s}};
  }
  return a;
}

// The car's answer to a command. Fleet's REST endpoint: {"response":{"result","reason"}}. The
// proxy (v0.3.4 on) writes a refusal as a nominal error: "car could not execute command: REASON"
// beside empty error fields (command_result_false_is_charging.json, TeslaSolarCharger #1519).
// TeslaBleHttpProxy (?wait=true): 200 when done, 503 with its reason when not, and the vin and
// command echoed (ble_command_wait_ok.json, ble_command_wait_not_in_range.json).
TeslaAnswer car_answer(FrontMode mode, const CarAnswer& c, const std::string& vin,
                       const std::string& command) {
  value r;
  r["result"] = value::boolean(c.result);
  if (mode == FrontMode::Ble) {
    r["reason"] = value::string(c.result ? "The command was successfully processed." : c.reason);
    r["vin"] = value::string(vin);
    r["command"] = value::string(command);
    value v;
    v["response"] = r;
    return TeslaAnswer{c.result ? 200 : 503, v.serialize(), {}, TeslaCategory::Local, 0};
  }
  const bool proxied = mode == FrontMode::Proxy && !c.result;
  r["reason"] = value::string(proxied ? "car could not execute command: " + c.reason : c.reason);
  value v;
  v["response"] = r;
  if (proxied) {
    v["error"] = value::string("");
    v["error_description"] = value::string("");
  }
  return TeslaAnswer{200, v.serialize(), {}, TeslaCategory::Command, 200};
}

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    if (end > start) parts.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

struct Route {
  std::vector<std::string> parts;  // the path's segments
  bool vehicles = false;           // under /api/1/vehicles
  bool wake = false;               // POST .../wake_up
  bool command = false;            // POST .../command/NAME
  std::string vin;
  std::string name;  // the command
  TeslaCategory category = TeslaCategory::Data;
};

Route classify(const TeslaRequest& r) {
  Route rt;
  rt.parts = split_path(r.path);
  const auto& p = rt.parts;
  rt.vehicles = p.size() >= 3 && p[0] == "api" && p[1] == "1" && p[2] == "vehicles";
  if (!rt.vehicles) return rt;
  if (p.size() >= 4) rt.vin = p[3];
  rt.wake = r.method == "POST" && p.size() == 5 && p[4] == "wake_up";
  rt.command = r.method == "POST" && p.size() == 6 && p[4] == "command";
  if (rt.command) rt.name = p[5];
  rt.category = rt.command ? TeslaCategory::Command
                : rt.wake  ? TeslaCategory::Wake
                           : TeslaCategory::Data;
  return rt;
}

}  // namespace

std::string to_string(FrontMode m) {
  switch (m) {
    case FrontMode::Proxy:
      return "proxy";
    case FrontMode::Direct:
      return "direct";
    case FrontMode::Ble:
      return "ble";
  }
  return "proxy";
}

std::optional<FrontMode> front_mode_from_string(const std::string& s) {
  for (FrontMode m : {FrontMode::Proxy, FrontMode::Direct, FrontMode::Ble}) {
    if (to_string(m) == s) return m;
  }
  return std::nullopt;
}

void BillingLedger::record(TeslaCategory category, int fleet_status) {
  ++counts_[category][fleet_status];
}

long long BillingLedger::requests(TeslaCategory category) const {
  auto it = counts_.find(category);
  if (it == counts_.end()) return 0;
  long long n = 0;
  for (const auto& [status, count] : it->second) n += count;
  return n;
}

long long BillingLedger::billed(TeslaCategory category) const {
  auto it = counts_.find(category);
  if (it == counts_.end()) return 0;
  long long n = 0;
  for (const auto& [status, count] : it->second) n += is_billed(category, status) ? count : 0;
  return n;
}

double BillingLedger::dollars(TeslaCategory category) const {
  return static_cast<double>(billed(category)) * dollars_per_request(category);
}

double BillingLedger::dollars() const {
  double d = 0;
  for (const auto& [category, by_status] : counts_) d += dollars(category);
  return d;
}

TeslaFront::TeslaFront(FrontSettings settings, TeslaCar car, TeslaAuth auth)
    : settings_(settings), car_(std::move(car)), auth_(std::move(auth)) {}

TeslaAnswer TeslaFront::handle(const TeslaRequest& r, TimePoint now) {
  TeslaAnswer a = route(r, now);
  ledger_.record(a.category, a.fleet_status);
  return a;
}

TeslaAnswer TeslaFront::route(const TeslaRequest& r, TimePoint now) {
  if (r.method == "POST" && r.path == "/oauth2/v3/token") {
    TeslaAnswer a = auth_.token_endpoint(r.content_type, r.body, now);
    a.category = TeslaCategory::Auth;
    a.fleet_status = 0;
    return a;
  }
  const Route rt = classify(r);
  if (!rt.vehicles && r.method == "POST") {
    EnergySite probe = energy_;  // routed before the refusals, applied only after them
    if (energy_site_post(r.path, r.body, probe)) {
      if (auto refused = refusal(r, TeslaCategory::EnergySettings, now)) {
        refused->category = TeslaCategory::EnergySettings;
        return *refused;
      }
      return *energy_site_post(r.path, r.body, energy_);
    }
  }
  if (!rt.vehicles && r.method == "GET") {
    if (auto energy = energy_site_answer(r.path, energy_, "{}")) {
      if (auto refused = refusal(r, energy->category, now)) {
        refused->category = energy->category;
        return *refused;
      }
      if (r.path == "/api/1/products") {
        energy = energy_site_answer(r.path, energy_, vehicle_list_entry());
      }
      return *energy;
    }
  }
  wake_ups_ += rt.wake ? 1 : 0;
  commands_ += rt.command ? 1 : 0;
  TeslaAnswer a = [&] {
    if (auto refused = refusal(r, rt.category, now)) return *refused;
    if (!rt.vehicles) return error_answer(404, "not_found");
    if (rt.vin.empty() && r.method == "GET") return vehicle_list();
    if (rt.vin != car_.vin) return error_answer(404, "not_found");
    if (rt.command && settings_.mode == FrontMode::Ble) return ble_command(rt.name, r.body);
    if (rt.command) return command(rt.name, r.body);
    if (rt.wake) return wake_up();
    const auto& p = rt.parts;
    if (r.method == "GET" && p.size() == 4) return vehicle_summary();
    if (r.method == "GET" && p.size() == 5 && p[4] == "vehicle_data") return vehicle_data(now);
    return error_answer(404, "not_found");
  }();
  a.category = rt.category;
  if (settings_.mode == FrontMode::Ble) {
    a.category = TeslaCategory::Local;
    a.fleet_status = 0;
  }
  return a;
}

// Tesla's order: the token, the account, then rate limits and server trouble, then the route.
std::optional<TeslaAnswer> TeslaFront::refusal(const TeslaRequest& r, TeslaCategory category,
                                               TimePoint now) {
  const bool signed_command =
      settings_.mode == FrontMode::Proxy && category == TeslaCategory::Command;
  if (settings_.mode != FrontMode::Ble) {
    const TeslaAuth::Bearer bearer = auth_.check(r.authorization, now);
    if (bearer != TeslaAuth::Bearer::Valid) {
      TeslaAnswer a = auth_.unauthorized(bearer);
      a.fleet_status = 401;
      if (signed_command) a.headers.clear();
      return a;
    }
    // Fleet API "Response codes": 412 when the application is not registered in the account's
    // region (partner register endpoint), 402 when billing is not set up, 403 for a scope the
    // owner did not grant.
    if (!settings_.registered) {
      // Verbatim but for the client id: vehicle-command #195 (fleet_412_not_registered.json).
      TeslaAnswer a{412, "", {}, TeslaCategory::Data, 412};
      a.body = value::object({{"error", value::string("Account [" + settings_.client_id +
                                                      "] must be registered in the current "
                                                      "region https://fleet-api.prd.na.vn.cloud."
                                                      "tesla.com/, please see https://developer."
                                                      "tesla.com/docs/fleet-api#register")}})
                   .serialize();
      return a;
    }
    if (settings_.payment_required) {
      // No real 402 body was found (tests/data/tesla/README.md): Tesla's error shape, our words.
      return error_answer(402, "payment required");
    }
    if (category == TeslaCategory::Command && !settings_.commands_scope) {
      return error_answer(403, "Unauthorized missing scopes");
    }
  }
  if (faults_.answer_429 > 0) {
    --faults_.answer_429;
    return rate_limited(faults_.retry_after_s, !signed_command);
  }
  if (faults_.answer_500 > 0) {
    --faults_.answer_500;
    TeslaAnswer a = server_error(faults_.server_error_status);
    a.fleet_status = faults_.server_error_status;
    return a;
  }
  return std::nullopt;
}

TeslaAnswer TeslaFront::command(const std::string& name, const std::string& body) {
  if (car_.state.presence != Presence::Online) {
    // Behind the proxy a signed command to a sleeping car is a 500 (Fleet's billed 408 inside);
    // Fleet's own REST command endpoint answers the 408 itself. A BLE proxy wakes the car
    // itself, so it never gets here asleep.
    if (settings_.mode == FrontMode::Proxy) {
      TeslaAnswer a = error_answer(500, kUnavailable);
      a.fleet_status = 408;
      return a;
    }
    return error_answer(408, kUnavailable);
  }
  if (settings_.mode == FrontMode::Proxy && !settings_.key_paired) {
    TeslaAnswer a = error_answer(500, kNotPaired);
    a.fleet_status = 200;  // the car refused it; Fleet carried the request
    return a;
  }
  VehicleCommand c;
  if (name == "set_charging_amps") {
    value j;
    try {
      j = value::parse(body);
    } catch (const std::exception&) {
      return error_answer(400, "invalid json body");
    }
    if (!j.is_object() || !j.has_field("charging_amps") || !j.at("charging_amps").is_integer()) {
      return error_answer(400, "charging_amps (integer) is required");
    }
    c = VehicleCommand{CommandKind::SetChargingAmps, j.at("charging_amps").as_integer()};
  } else if (name == "charge_start") {
    c.kind = CommandKind::ChargeStart;
  } else if (name == "charge_stop") {
    c.kind = CommandKind::ChargeStop;
  } else {
    return error_answer(404, "unknown command " + name);
  }
  CarAnswer res;
  if (!faults_.reject_reason.empty()) {
    res = CarAnswer{false, faults_.reject_reason};
    faults_.reject_reason.clear();
  } else {
    res = apply_command(car_.params, car_.state, c);
  }
  return car_answer(settings_.mode, res, car_.vin, name);
}

// TeslaBleHttpProxy: no token, nothing billed; every command but wake_up wakes the car over
// Bluetooth first (its README), so an asleep car is woken, not refused. Out of range (offline)
// and an unpaired key are 503s with its reasons (ble_command_wait_*.json).
TeslaAnswer TeslaFront::ble_command(const std::string& name, const std::string& body) {
  if (car_.state.presence == Presence::Offline) {
    return car_answer(FrontMode::Ble,
                      CarAnswer{false, "Vehicle is not in range: ble: failed to scan for " +
                                           car_.vin + ": context deadline exceeded"},
                      car_.vin, name);
  }
  if (!settings_.key_paired) {
    return car_answer(FrontMode::Ble,
                      CarAnswer{false, std::string("failed to perform handshake with vehicle "
                                                   "(A): ") +
                                           kNotPaired},
                      car_.vin, name);
  }
  note_activity(car_.state);  // woken over Bluetooth, at once as far as the caller sees
  if (name == "wake_up") return car_answer(FrontMode::Ble, CarAnswer{}, car_.vin, name);
  return command(name, body);
}

// wake_up answers at once with the state the car has now (domain.md section 6,
// wake_up_ok_asleep.json); the car comes online params.wake_delay_s later (with 0, at once, and
// the answer already says online).
TeslaAnswer TeslaFront::wake_up() {
  request_wake(car_.params, car_.state);
  return response_answer(value::object({{"id", value::number(1)},
                                        {"vin", value::string(car_.vin)},
                                        {"state", value::string(to_string(car_.state.presence))}}));
}

// vehicle_data never wakes the car: 408 while asleep or offline (Fleet API docs); reading an
// awake car keeps it awake.
TeslaAnswer TeslaFront::vehicle_data(TimePoint now) {
  if (car_.state.presence != Presence::Online) return error_answer(408, kUnavailable);
  car_.state.idle_s = 0;
  value v;
  v["response"] = value::parse(vehicle_json(car_.params, car_.state, car_.vin, now));
  return TeslaAnswer{200, v.serialize(), {}, TeslaCategory::Data, 200};
}

TeslaAnswer TeslaFront::vehicle_summary() const {
  return response_answer(value::object({{"id", value::number(1)},
                                        {"vehicle_id", value::number(1)},
                                        {"vin", value::string(car_.vin)},
                                        {"display_name", value::string("Fake Tesla")},
                                        {"state", value::string(to_string(car_.state.presence))},
                                        {"in_service", value::boolean(false)}}));
}

std::string TeslaFront::vehicle_list_entry() const {
  return value::object({{"vin", value::string(car_.vin)},
                        {"state", value::string(to_string(car_.state.presence))}})
      .serialize();
}

TeslaAnswer TeslaFront::vehicle_list() const {
  value v;
  v["response"] = value::array({value::parse(vehicle_list_entry())});
  v["count"] = value::number(1);
  return TeslaAnswer{200, v.serialize(), {}, TeslaCategory::Data, 200};
}

}  // namespace p15::sim
