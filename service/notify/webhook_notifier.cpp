#include "service/notify/webhook_notifier.h"

#include <cpprest/http_client.h>

namespace p15 {

std::string redacted_url(const std::string& url) {
  const auto scheme = url.find("://");
  if (scheme == std::string::npos) return "(a webhook URL)";
  const auto host_start = scheme + 3;
  auto host_end = url.find_first_of("/?#", host_start);
  std::string host = url.substr(
      host_start, host_end == std::string::npos ? std::string::npos : host_end - host_start);
  // user:password@host keeps only the host.
  if (auto at = host.rfind('@'); at != std::string::npos) host = host.substr(at + 1);
  const bool more = host_end != std::string::npos && host_end + 1 < url.size();
  return url.substr(0, host_start) + host + (more ? "/..." : "");
}

struct WebhookNotifier::Impl {
  std::string shown;  // redacted_url
  WebhookFormat format;
  std::unique_ptr<web::http::client::http_client> http;
};

WebhookNotifier::WebhookNotifier(std::string url, WebhookFormat format,
                                 std::chrono::milliseconds timeout)
    : impl_(std::make_unique<Impl>()) {
  web::http::client::http_client_config cfg;
  cfg.set_timeout(timeout);
  impl_->shown = redacted_url(url);
  impl_->format = format;
  impl_->http = std::make_unique<web::http::client::http_client>(url, cfg);
}

WebhookNotifier::~WebhookNotifier() = default;

Status WebhookNotifier::send(const Notification& n) {
  const WebhookRequest w = webhook_request(n, impl_->format);
  web::http::http_request req(web::http::methods::POST);
  for (const auto& [name, value] : w.headers) req.headers().add(name, value);
  req.set_body(w.body, w.content_type);
  try {
    auto resp = impl_->http->request(req).get();
    const int status = resp.status_code();
    if (status >= 200 && status < 300) return ok_status();
    return Error{"webhook " + impl_->shown + " answered HTTP " + std::to_string(status),
                 ErrorKind::Unavailable};
  } catch (const std::exception& e) {
    // cpprest's messages name the host at most, never the path.
    return Error{"webhook " + impl_->shown + " not reached: " + e.what(), ErrorKind::Unavailable};
  }
}

}  // namespace p15
