#pragma once
// The production Notifier: one HTTP POST per notification to notifications.webhook_url through
// cpprest's http_client, with a timeout. The URL may hold a secret (an ntfy topic is a password,
// a Slack-style hook carries its token in the path): messages name its scheme and host only.
#include <chrono>
#include <memory>
#include <string>

#include "service/notify/notifier.h"

namespace p15 {

// "https://ntfy.sh/..." for "https://ntfy.sh/my-secret-topic": what logs may show of a URL.
std::string redacted_url(const std::string& url);

class WebhookNotifier final : public Notifier {
 public:
  WebhookNotifier(std::string url, WebhookFormat format, std::chrono::milliseconds timeout);
  ~WebhookNotifier() override;
  Status send(const Notification& n) override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace p15
