#include "sim/home_devices.h"

#include <cpprest/json.h>

#include <cmath>

#include "service/core/time_text.h"

namespace p15::sim {
namespace {

using web::json::value;

// pypowerwall's lockout handling and gateway users' reports: a few wrong passwords in a row lock
// the customer login for minutes (an approximation: Tesla documents no numbers).
constexpr int kLockoutAfter = 5;
constexpr Seconds kLockout{300};

DeviceAnswer json(int status, const value& v) { return DeviceAnswer{status, v.serialize(), {}}; }

DeviceAnswer gateway_error(int status, const std::string& error, const std::string& message) {
  return json(status, value::object({{"code", value::number(status)},
                                     {"error", value::string(error)},
                                     {"message", value::string(message)}}));
}

value meter(double instant_w, TimePoint now) {
  return value::object({{"last_communication_time", value::string(format_utc(now))},
                        {"instant_power", value::number(instant_w)},
                        {"instant_reactive_power", value::number(0)},
                        {"frequency", value::number(60)},
                        {"instant_average_voltage", value::number(240)},
                        {"instant_total_current", value::number(std::abs(instant_w) / 240)}});
}

std::string token_in(const DeviceRequest& r) {
  const std::string key = "AuthCookie=";
  if (auto at = r.cookie.find(key); at != std::string::npos) {
    const auto start = at + key.size();
    return r.cookie.substr(start, r.cookie.find(';', start) - start);
  }
  const std::string bearer = "Bearer ";
  if (r.authorization.rfind(bearer, 0) == 0) return r.authorization.substr(bearer.size());
  return "";
}

}  // namespace

double gateway_soe(double app_percent) { return app_percent * 0.95 + 5; }

GatewayFront::GatewayFront(std::string email, std::string password, Seconds session_lifetime)
    : email_(std::move(email)), password_(std::move(password)), lifetime_(session_lifetime) {}

// POST /api/login/Basic as pypowerwall sends it ({"username":"customer","email","password",
// "force_sm_off"}); the answer's token is also set as the AuthCookie cookie with UserRecord.
DeviceAnswer GatewayFront::login(const DeviceRequest& r, TimePoint now) {
  ++logins_;
  if (now < locked_until_) {
    return gateway_error(429, "Too Many Requests", "Your request rate is too high");
  }
  value body;
  try {
    body = value::parse(r.body);
  } catch (const std::exception&) {
    return gateway_error(400, "bad request", "Login Error");
  }
  auto text = [&](const char* k) {
    return body.is_object() && body.has_field(k) && body.at(k).is_string() ? body.at(k).as_string()
                                                                           : std::string();
  };
  if (refuse_password || text("username") != "customer" || text("email") != email_ ||
      text("password") != password_) {
    if (++failed_in_a_row_ >= kLockoutAfter) locked_until_ = now + kLockout;
    return gateway_error(401, "bad credentials", "Login Error");
  }
  failed_in_a_row_ = 0;
  const std::string token = "gw-session-" + std::to_string(++issued_) + "-" +
                            std::to_string(now.time_since_epoch().count());
  sessions_[token] = now + lifetime_;
  value v = value::object({{"email", value::string(email_)},
                           {"firstname", value::string("Tesla")},
                           {"lastname", value::string("Energy")},
                           {"roles", value::array({value::string("Home_Owner")})},
                           {"token", value::string(token)},
                           {"provider", value::string("Basic")},
                           {"loginTime", value::string(format_utc(now))}});
  DeviceAnswer a = json(200, v);
  a.headers = {{"Set-Cookie", "AuthCookie=" + token + "; Path=/"},
               {"Set-Cookie", "UserRecord=sim-user-record; Path=/"}};
  return a;
}

bool GatewayFront::authorized(const DeviceRequest& r, TimePoint now) const {
  auto it = sessions_.find(token_in(r));
  return it != sessions_.end() && now < it->second;
}

DeviceAnswer GatewayFront::handle(const DeviceRequest& r, TimePoint now, const HomeReadings& h) {
  ++requests_;
  if (r.method == "POST" && r.path == "/api/login/Basic") return login(r, now);
  if (r.method != "GET") return gateway_error(404, "not found", "Not Found");
  if (!authorized(r, now)) {
    return gateway_error(401, "Invalid bearer token", "User has not been authenticated");
  }
  const HomeFlows& f = h.flows;
  if (r.path == "/api/meters/aggregates") {
    return json(200, value::object({{"site", meter(f.grid_w, now)},
                                    {"battery", meter(f.battery_w, now)},
                                    {"load", meter(f.load_w, now)},
                                    {"solar", meter(f.solar_w, now)}}));
  }
  if (r.path == "/api/system_status/soe") {
    return json(200, value::object({{"percentage", value::number(gateway_soe(h.app_percent))}}));
  }
  if (r.path == "/api/operation") {
    return json(200, value::object(
                         {{"real_mode", value::string(h.mode)},
                          {"backup_reserve_percent", value::number(gateway_soe(h.reserve_percent))},
                          {"freq_shift_load_shed_soe", value::number(0)},
                          {"freq_shift_load_shed_delta_f", value::number(0)}}));
  }
  if (r.path == "/api/system_status/grid_status") {
    return json(200, value::object({{"grid_status", value::string("SystemGridConnected")},
                                    {"grid_services_active", value::boolean(false)}}));
  }
  if (r.path == "/api/system_status") {
    return json(200, value::object({{"nominal_full_pack_energy", value::number(h.capacity_wh)},
                                    {"nominal_energy_remaining",
                                     value::number(h.capacity_wh * h.app_percent / 100)}}));
  }
  return gateway_error(404, "not found", "Not Found");
}

// The vitals evcc's twc3 charger and TeslaSolarCharger read (vehicle_connected,
// contactor_closed, vehicle_current_a, grid_v, session_s), among the rest of the Gen 3's fields.
DeviceAnswer wall_connector_answer(const DeviceRequest& r, const HomeReadings& h) {
  if (r.method != "GET" || r.path != "/api/1/vitals") return DeviceAnswer{404, "Not Found", {}};
  const double amps = h.charging ? h.car_amps : 0;
  const int evse_state = h.charging ? 11 : h.plugged ? 4 : 1;
  value v = value::object({{"contactor_closed", value::boolean(h.charging)},
                           {"vehicle_connected", value::boolean(h.plugged)},
                           {"session_s", value::number(static_cast<int64_t>(h.session_s))},
                           {"grid_v", value::number(h.voltage_v)},
                           {"grid_hz", value::number(59.98)},
                           {"vehicle_current_a", value::number(amps)},
                           {"currentA_a", value::number(amps)},
                           {"currentB_a", value::number(amps)},
                           {"currentC_a", value::number(0)},
                           {"currentN_a", value::number(0)},
                           {"voltageA_v", value::number(h.voltage_v / 2)},
                           {"voltageB_v", value::number(h.voltage_v / 2)},
                           {"voltageC_v", value::number(0)},
                           {"relay_coil_v", value::number(11.9)},
                           {"pcba_temp_c", value::number(31.4)},
                           {"handle_temp_c", value::number(22.1)},
                           {"mcu_temp_c", value::number(36.0)},
                           {"uptime_s", value::number(86400)},
                           {"input_thermopile_uv", value::number(-176)},
                           {"prox_v", value::number(h.plugged ? 1.9 : 0)},
                           {"pilot_high_v", value::number(h.plugged ? 9.0 : 11.9)},
                           {"pilot_low_v", value::number(h.plugged ? -11.8 : 11.9)},
                           {"session_energy_wh", value::number(h.session_wh)},
                           {"config_status", value::number(5)},
                           {"evse_state", value::number(evse_state)},
                           {"current_alerts", value::array()}});
  return DeviceAnswer{200, v.serialize(), {}};
}

}  // namespace p15::sim
