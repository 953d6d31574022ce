#include "service/collector/collector_link.h"

#include <cpprest/http_client.h>
#include <spdlog/spdlog.h>

#include <atomic>

namespace p15 {

struct CollectorLink::Impl {
  std::string url;
  std::string token;
  std::unique_ptr<web::http::client::http_client> http;
  std::atomic<bool> failing{false};
};

CollectorLink::CollectorLink(std::string url, std::string token, std::chrono::milliseconds timeout)
    : impl_(std::make_shared<Impl>()) {
  impl_->url = std::move(url);
  impl_->token = std::move(token);
  web::http::client::http_client_config cfg;
  cfg.set_timeout(timeout);
  impl_->http = std::make_unique<web::http::client::http_client>(impl_->url, cfg);
}

CollectorLink::~CollectorLink() = default;

void CollectorLink::request_refresh() {
  web::http::http_request req(web::http::methods::POST);
  req.set_request_uri("/refresh");
  if (!impl_->token.empty()) req.headers().add("Authorization", "Bearer " + impl_->token);
  std::shared_ptr<Impl> impl = impl_;  // the answer may come after the link is gone
  impl->http->request(req).then([impl](pplx::task<web::http::http_response> t) {
    std::string failure;
    try {
      const auto status = t.get().status_code();
      if (status >= 300) failure = "answered HTTP " + std::to_string(status);
    } catch (const std::exception& e) {
      failure = e.what();
    }
    if (!failure.empty() && !impl->failing.exchange(true)) {
      spdlog::warn("collector at {} not asked for a fresh read of the car: {}", impl->url, failure);
    } else if (failure.empty() && impl->failing.exchange(false)) {
      spdlog::info("collector at {} answers again", impl->url);
    }
  });
}

}  // namespace p15
