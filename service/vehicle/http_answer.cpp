#include "service/vehicle/http_answer.h"

#include <cpprest/json.h>

#include <cctype>
#include <optional>

namespace p15 {
namespace {

using web::json::value;

constexpr std::size_t kMaxReason = 200;  // an HTML error page must not flood the logs

std::string clip(std::string s) {
  if (s.size() > kMaxReason) s = s.substr(0, kMaxReason) + "...";
  return s;
}

std::optional<value> parse_json(const std::string& body) {
  try {
    return value::parse(body);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::string string_field(const value& v, const char* name) {
  if (v.is_object() && v.has_field(name) && v.at(name).is_string()) return v.at(name).as_string();
  return {};
}

// Tesla's error text ({"error": "..."}) or the start of the body.
std::string error_text(const std::string& body) {
  if (auto j = parse_json(body)) {
    std::string e = string_field(*j, "error");
    if (!e.empty()) return e;
  }
  return body;
}

ClientResponse command_answer(const value& j, ClientResponse r, bool required) {
  const value* resp = j.is_object() && j.has_field("response") ? &j.at("response") : nullptr;
  if (!resp || !resp->is_object() || !resp->has_field("result") ||
      !resp->at("result").is_boolean()) {
    if (required) {
      r.outcome = Outcome::Unreachable;
      r.reason = "answer without response.result";
    }
    return r;
  }
  r.reason = string_field(*resp, "reason");
  if (resp->at("result").as_bool() || is_benign_reason(r.reason)) return r;
  r.outcome = Outcome::Rejected;
  if (r.reason.empty()) r.reason = "result:false without a reason";
  return r;
}

ClientResponse ok_answer(const std::string& body, AnswerKind kind) {
  ClientResponse r{Outcome::Done, 200, "", Seconds{0}, VehicleState::Unknown};
  auto j = parse_json(body);
  if (!j) {
    if (kind == AnswerKind::Lenient) return r;
    r.outcome = Outcome::Unreachable;
    r.reason = "unparsable answer: " + body;
    return r;
  }
  const value& resp = j->is_object() && j->has_field("response") ? j->at("response") : *j;
  std::string state = string_field(resp, "state");
  if (state.empty()) state = string_field(*j, "state");
  r.vehicle_state = vehicle_state_from_string(state);
  if (kind == AnswerKind::State) return r;
  return command_answer(*j, r, kind == AnswerKind::Command);
}

// "Retry in N seconds" anywhere in the body (Fleet since June 2024, passed on by the proxy:
// vehicle-command #255, teslamate #3957).
std::optional<Seconds> retry_in_body(const std::string& body) {
  const std::string key = "Retry in ";
  const auto at = body.find(key);
  if (at == std::string::npos) return std::nullopt;
  const std::size_t from = at + key.size();
  std::size_t end = from;
  while (end < body.size() && end - from < 9 &&
         std::isdigit(static_cast<unsigned char>(body[end]))) {
    ++end;
  }
  if (end == from) return std::nullopt;
  return parse_retry_after(body.substr(from, end - from));
}

// What the owner must fix for an answer that will not change by itself, if it is one.
std::optional<std::string> owner_must_fix(int status, const std::string& body) {
  const std::string text = error_text(body);
  // vehicle-command pkg/protocol/error.go ErrKeyNotPaired, a 500 behind the proxy.
  if (body.find("not been paired") != std::string::npos) {
    return "virtual key not paired with the car: pair it (https://tesla.com/_ak/<your domain> "
           "in the Tesla app, or tesla-control add-key-request over BLE), then restart; Tesla: " +
           text;
  }
  switch (status) {
    case 402:
      return "HTTP 402 " + text + ": Tesla wants payment; set up billing at developer.tesla.com";
    case 403:
      return "HTTP 403 " + text +
             ": a scope is missing (vehicle_cmds, vehicle_charging_cmds) or the car needs "
             "signed commands (use tesla-http-proxy); fix it, then restart";
    case 412:
      return "HTTP 412 " + text +
             ": register the application in this region (partner_accounts), then restart";
  }
  return std::nullopt;
}

// TeslaBleHttpProxy answers a command the car did not carry out with 503 and
// {"response":{"result":false,"reason":...}} (tests/data/tesla/ble_command_wait_*.json).
std::optional<ClientResponse> ble_refusal(int status, const std::string& body) {
  if (status != 503) return std::nullopt;
  auto j = parse_json(body);
  if (!j || !j->is_object() || !j->has_field("response")) return std::nullopt;
  const value& resp = j->at("response");
  if (!resp.is_object() || !resp.has_field("result") || !resp.at("result").is_boolean()) {
    return std::nullopt;
  }
  ClientResponse r;
  r.reason = string_field(resp, "reason");
  if (r.reason.find("vehicle is sleeping") != std::string::npos) {
    r.outcome = Outcome::Asleep;
  } else if (r.reason.find("not in range") != std::string::npos) {
    r.outcome = Outcome::Unreachable;
  } else if (is_benign_reason(r.reason)) {
    r.outcome = Outcome::Done;
  } else {
    r.outcome = Outcome::Rejected;
  }
  return r;
}

}  // namespace

std::string redact(std::string text, const std::string& secret) {
  if (secret.empty()) return text;
  for (auto pos = text.find(secret); pos != std::string::npos; pos = text.find(secret, pos)) {
    text.replace(pos, secret.size(), "[redacted]");
  }
  return text;
}

Seconds retry_wait(const RateHeaders& h, const std::string& body) {
  std::optional<Seconds> wait;
  auto take = [&wait](Seconds s) { wait = wait ? std::max(*wait, s) : s; };
  if (!h.retry_after.empty()) take(parse_retry_after(h.retry_after));
  if (!h.ratelimit_reset.empty()) take(parse_retry_after(h.ratelimit_reset));
  if (auto b = retry_in_body(body)) take(*b);
  return wait.value_or(Seconds{60});
}

Seconds parse_retry_after(const std::string& header) {
  const Seconds fallback{60};
  std::size_t b = header.find_first_not_of(" \t");
  std::size_t e = header.find_last_not_of(" \t");
  if (b == std::string::npos || e - b > 8) return fallback;  // absent, or absurdly long
  long long n = 0;
  for (std::size_t i = b; i <= e; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(header[i]))) return fallback;
    n = n * 10 + (header[i] - '0');
  }
  return Seconds{n};
}

ClientResponse unreachable(const std::string& what, const std::string& secret) {
  return ClientResponse{Outcome::Unreachable, 0, clip(redact(what, secret)), Seconds{0},
                        VehicleState::Unknown};
}

ClientResponse map_http_answer(int status, const std::string& body, const RateHeaders& headers,
                               AnswerKind kind, const std::string& secret) {
  ClientResponse r;
  if (status != 200 && body.find("vehicle is offline or asleep") != std::string::npos) {
    r.outcome = Outcome::Asleep;
    r.reason = "HTTP " + std::to_string(status) + ": " + error_text(body);
  } else if (auto fix = status != 200 ? owner_must_fix(status, body) : std::nullopt) {
    r.outcome = Outcome::Forbidden;
    r.reason = *fix;
  } else if (status == 200) {
    r = ok_answer(body, kind);
  } else if (auto ble = ble_refusal(status, body)) {
    r = *ble;
  } else if (status >= 200 && status < 300 && kind == AnswerKind::Lenient) {
    r.outcome = Outcome::Done;  // e.g. a companion answering 204 No Content
  } else if (status == 408) {
    r.outcome = Outcome::Asleep;
    r.reason = error_text(body);
  } else if (status == 429) {
    r.outcome = Outcome::RateLimited;
    r.retry_after = retry_wait(headers, body);
    r.reason = "rate limited (429), retry after " + std::to_string(r.retry_after.count()) + " s";
  } else if (status == 401) {
    r.outcome = Outcome::Unauthorized;
    r.reason = "token rejected (401)";  // never echo the answer: it could quote the header
  } else if (status >= 500 && status < 600) {
    r.outcome = Outcome::ServerError;
    r.reason = "HTTP " + std::to_string(status) + ": " + error_text(body);
  } else {
    // Other 4xx (and anything unexpected): the request itself is wrong; retrying cannot help.
    r.outcome = Outcome::Rejected;
    r.reason = "HTTP " + std::to_string(status) + ": " + error_text(body);
  }
  r.http_status = status;
  r.reason = clip(redact(r.reason, secret));
  return r;
}

}  // namespace p15
