#include <cpprest/json.h>

#include "service/core/time_text.h"
#include "service/notify/notifier.h"

namespace p15 {

std::string to_string(AlertEvent e) { return e == AlertEvent::Started ? "started" : "cleared"; }

const std::vector<std::string>& webhook_format_names() {
  static const std::vector<std::string> names = {"json", "ntfy"};
  return names;
}

namespace {

WebhookRequest json_request(const Notification& n) {
  using web::json::value;
  value v;
  v["event"] = value::string(to_string(n.event));
  v["kind"] = value::string(to_string(n.alert.kind));
  v["since"] = value::string(format_utc(n.alert.since));
  v["at"] = value::string(format_utc(n.at));
  v["message"] = value::string(n.alert.message);
  v["action"] = value::string(n.alert.action);
  v["service"] = value::string("Project 15th Street");
  return {v.serialize(), "application/json", {}};
}

// Header values must stay on one line of visible ASCII: ntfy reads non-ASCII only RFC 2047
// encoded, and a line break would end the header.
std::string header_safe(const std::string& s) {
  std::string out;
  for (unsigned char c : s) out += c >= 0x20 && c < 0x7f ? static_cast<char>(c) : ' ';
  return out;
}

// ntfy (docs.ntfy.sh/publish): the body is the message; Title, Tags (emoji short codes) and
// Priority (1..5, 3 default) are headers.
WebhookRequest ntfy_request(const Notification& n) {
  const bool started = n.event == AlertEvent::Started;
  const std::string kind = to_string(n.alert.kind);
  std::string body;
  if (started) {
    body = n.alert.message + "\nWhat to do: " + n.alert.action + "\nSince " +
           format_utc(n.alert.since);
  } else {
    body = "Cleared at " + format_utc(n.at) + " (since " + format_utc(n.alert.since) +
           "): " + n.alert.message;
  }
  WebhookRequest r{body, "text/plain; charset=utf-8", {}};
  r.headers["Title"] =
      header_safe(std::string("Project 15th Street: ") + kind + (started ? "" : " cleared"));
  r.headers["Tags"] = started ? "warning," + kind : "white_check_mark," + kind;
  r.headers["Priority"] = started ? "4" : "3";
  return r;
}

}  // namespace

WebhookRequest webhook_request(const Notification& n, WebhookFormat format) {
  return format == WebhookFormat::Ntfy ? ntfy_request(n) : json_request(n);
}

}  // namespace p15
