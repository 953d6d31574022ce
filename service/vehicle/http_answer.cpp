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
  ClientResponse r{Outcome::Done, 200, "", Seconds{0}, ""};
  auto j = parse_json(body);
  if (!j) {
    if (kind == AnswerKind::Lenient) return r;
    r.outcome = Outcome::Unreachable;
    r.reason = "unparsable answer: " + body;
    return r;
  }
  const value& resp = j->is_object() && j->has_field("response") ? j->at("response") : *j;
  r.vehicle_state = string_field(resp, "state");
  if (r.vehicle_state.empty()) r.vehicle_state = string_field(*j, "state");
  if (kind == AnswerKind::State) return r;
  return command_answer(*j, r, kind == AnswerKind::Command);
}

}  // namespace

std::string redact(std::string text, const std::string& secret) {
  if (secret.empty()) return text;
  for (auto pos = text.find(secret); pos != std::string::npos; pos = text.find(secret, pos)) {
    text.replace(pos, secret.size(), "[redacted]");
  }
  return text;
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
  return ClientResponse{Outcome::Unreachable, 0, clip(redact(what, secret)), Seconds{0}, ""};
}

ClientResponse map_http_answer(int status, const std::string& body,
                               const std::string& retry_after_header, AnswerKind kind,
                               const std::string& secret) {
  ClientResponse r;
  if (status == 200) {
    r = ok_answer(body, kind);
  } else if (status >= 200 && status < 300 && kind == AnswerKind::Lenient) {
    r.outcome = Outcome::Done;  // e.g. a companion answering 204 No Content
  } else if (status == 408) {
    r.outcome = Outcome::Asleep;
    r.reason = error_text(body);
  } else if (status == 429) {
    r.outcome = Outcome::RateLimited;
    r.retry_after = parse_retry_after(retry_after_header);
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
