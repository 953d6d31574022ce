#pragma once
// Where an alert's start and end go (notifications.webhook_url): one interface, the cpprest
// webhook adapter (webhook_notifier.h) in production and a recording double in the tests.
#include <map>
#include <string>

#include "service/core/alerts.h"
#include "service/core/result.h"

namespace p15 {

enum class AlertEvent { Started, Cleared };
std::string to_string(AlertEvent e);  // "started", "cleared"

struct Notification {
  AlertEvent event = AlertEvent::Started;
  Alert alert;
  TimePoint at{};  // when the pass saw it start or clear (UTC)
};

// The notification's HTTP body, as notifications.format says.
enum class WebhookFormat { Json, Ntfy };
const std::vector<std::string>& webhook_format_names();  // "json", "ntfy"

struct WebhookRequest {
  std::string body;
  std::string content_type;
  std::map<std::string, std::string> headers;  // besides Content-Type (ntfy's Title, Tags...)
};

// json: {"event","kind","since","at","message","action","service"}. ntfy: the message and the
// action as plain text, the rest in ntfy's Title, Tags and Priority headers.
WebhookRequest webhook_request(const Notification& n, WebhookFormat format);

class Notifier {
 public:
  virtual ~Notifier() = default;
  // One attempt, blocking up to the notifier's timeout; the error says why (never the URL).
  virtual Status send(const Notification& n) = 0;
};

}  // namespace p15
