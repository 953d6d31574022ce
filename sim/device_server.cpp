#include "sim/device_server.h"

#include <cpprest/http_listener.h>

#include "sim/status_server.h"

namespace p15::sim {

using web::http::http_request;
using web::http::http_response;
namespace listener = web::http::experimental::listener;

namespace {

std::string header(const http_request& req, const char* name) {
  auto it = req.headers().find(name);
  return it == req.headers().end() ? std::string() : it->second;
}

}  // namespace

struct DeviceServer::Impl {
  std::unique_ptr<listener::http_listener> http;
  Handler handler;
  std::string url;

  void handle(http_request req) const {
    DeviceRequest r;
    r.method = req.method();
    r.path = web::uri::decode(req.relative_uri().path());
    r.cookie = header(req, "Cookie");
    r.authorization = header(req, "Authorization");
    try {
      r.body = req.extract_utf8string(true).get();
    } catch (const std::exception&) {
    }
    const DeviceAnswer a = handler(r);
    http_response resp(static_cast<web::http::status_code>(a.status));
    for (const auto& [k, v] : a.headers) resp.headers().add(k, v);
    resp.set_body(a.body, "application/json");
    req.reply(resp).then([](pplx::task<void> t) {
      try {
        t.get();
      } catch (const std::exception&) {
      }
    });
  }
};

DeviceServer::DeviceServer(int port, std::optional<TlsFiles> tls, Handler handler)
    : impl_(std::make_unique<Impl>()) {
  impl_->handler = std::move(handler);
  const int p = port == 0 ? pick_free_loopback_port() : port;
  impl_->url = std::string(tls ? "https" : "http") + "://127.0.0.1:" + std::to_string(p);
  listener::http_listener_config cfg;
  if (tls) use_tls(cfg, *tls);
  impl_->http = std::make_unique<listener::http_listener>(impl_->url, cfg);
  impl_->http->support([impl = impl_.get()](http_request req) { impl->handle(std::move(req)); });
  impl_->http->open().wait();
}

DeviceServer::~DeviceServer() {
  try {
    impl_->http->close().wait();
  } catch (const std::exception&) {
  }
}

std::string DeviceServer::base_url() const { return impl_->url; }

}  // namespace p15::sim
