#include "api/server.h"

#include <cpprest/http_listener.h>
#include <cpprest/producerconsumerstream.h>
#include <spdlog/spdlog.h>

#include <chrono>

#include "api/event_hub.h"

namespace p15::api {

using web::http::http_request;
using web::http::experimental::listener::http_listener;

namespace {

// Bodies are small JSON documents; anything bigger is refused before it is read.
constexpr size_t kMaxBodyBytes = 64 * 1024;

// What the client sent that cannot even be routed: answered before the Router sees it.
struct Unroutable {
  int status;
  std::string message;
};

std::string decode(const std::string& text, const char* what) {
  try {
    return web::uri::decode(text);
  } catch (const std::exception&) {
    throw Unroutable{
        400, std::string("malformed percent-encoding in the ") + what + ": " + printable(text)};
  }
}

std::string read_body(const http_request& req) {
  const auto& headers = req.headers();
  bool has_body = headers.content_length() > 0 || headers.has("Transfer-Encoding");
  if (!has_body) return "";
  if (headers.content_length() > kMaxBodyBytes) {
    throw Unroutable{413, "request body of " + std::to_string(headers.content_length()) +
                              " bytes is over the limit of " + std::to_string(kMaxBodyBytes)};
  }
  // extract_vector() waits for the whole body; a chunked one has no length to check first.
  auto bytes = http_request(req).extract_vector().get();
  if (bytes.size() > kMaxBodyBytes) {
    throw Unroutable{413, "request body of " + std::to_string(bytes.size()) +
                              " bytes is over the limit of " + std::to_string(kMaxBodyBytes)};
  }
  return std::string(bytes.begin(), bytes.end());
}

Request to_request(const http_request& req) {
  Request r;
  r.method = req.method();
  const web::uri& uri = req.relative_uri();
  r.path = decode(uri.path(), "path");
  for (const auto& [k, v] : web::uri::split_query(uri.query())) {
    r.query[decode(k, "query")] = decode(v, "query");
  }
  auto auth = req.headers().find("Authorization");
  if (auth != req.headers().end()) r.authorization = auth->second;
  r.content_type = req.headers().content_type();
  r.body = read_body(req);
  return r;
}

// A client that reads nothing for this long (a megabyte of events queued) is dropped.
constexpr size_t kMaxQueuedEventBytes = 1 << 20;

// An event stream: the reply's body is a buffer the hub appends to; cpprest sends what arrives
// (chunked) until the buffer is closed, by the hub (the service stops) or after a failed send.
void send_stream(http_request& req, const Response& resp) {
  using Buffer = concurrency::streams::producer_consumer_buffer<uint8_t>;
  auto buffer = std::make_shared<Buffer>();
  web::http::http_response out(resp.status);
  out.set_body(buffer->create_istream(), resp.content_type);
  for (const auto& [name, value] : resp.headers) out.headers().add(name, value);
  auto write = [buffer](const std::string& chunk) {
    if (!buffer->can_write() || buffer->in_avail() > kMaxQueuedEventBytes) return false;
    try {
      buffer->putn_nocopy(reinterpret_cast<const uint8_t*>(chunk.data()), chunk.size()).wait();
      buffer->sync().wait();
      return true;
    } catch (const std::exception&) {
      return false;
    }
  };
  if (!resp.body.empty()) write(resp.body);
  const std::uint64_t handle =
      resp.events->subscribe({write, [buffer] { buffer->close(std::ios_base::out).wait(); }});
  std::weak_ptr<EventHub> hub = resp.events;
  req.reply(out).then([hub, handle, buffer](pplx::task<void> sent) {
    try {
      sent.get();
    } catch (const std::exception& e) {
      spdlog::debug("event stream ended: {}", e.what());
    }
    if (auto h = hub.lock()) h->unsubscribe(handle);
    buffer->close(std::ios_base::out).then([](pplx::task<void> t) {
      try {
        t.get();
      } catch (const std::exception&) {
      }
    });
  });
}

void send(http_request& req, const Response& resp) {
  if (resp.events) return send_stream(req, resp);
  web::http::http_response out(resp.status);
  if (!resp.body.empty() || resp.status != 204) out.set_body(resp.body, resp.content_type);
  for (const auto& [name, value] : resp.headers) out.headers().add(name, value);
  // A client that hung up makes the reply's task fail; an unobserved failed pplx task would
  // terminate the process.
  req.reply(out).then([](pplx::task<void> sent) {
    try {
      sent.get();
    } catch (const std::exception& e) {
      spdlog::debug("http reply not delivered: {}", e.what());
    }
  });
}

}  // namespace

HttpServer::HttpServer(const Router& router, std::string bind_address, int port)
    : router_(router), url_("http://" + bind_address + ":" + std::to_string(port)) {}

HttpServer::~HttpServer() { close(); }

void HttpServer::handle(http_request req) const {
  auto started = std::chrono::steady_clock::now();
  std::string method = req.method();
  std::string path;
  Response resp;
  try {
    Request r = to_request(req);
    path = r.path;
    resp = router_.dispatch(r);
  } catch (const Unroutable& u) {
    path = printable(req.relative_uri().path());
    resp = error_response(u.status, u.message);
  } catch (const std::exception& e) {
    // Reading the request failed inside cpprest (e.g. the body stream broke): the client's side.
    path = printable(req.relative_uri().path());
    resp = error_response(400, std::string("cannot read the request: ") + e.what());
  }
  send(req, resp);
  auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started);
  spdlog::debug("http method={} path={} status={} ms={:.1f}", printable(method, 16),
                printable(path), resp.status, ms.count());
}

void HttpServer::open() {
  listener_ = std::make_unique<http_listener>(url_);
  listener_->support([this](http_request req) { handle(std::move(req)); });
  try {
    listener_->open().wait();
  } catch (const std::exception& e) {
    throw std::runtime_error("cannot listen on " + url_ + ": " + e.what());
  }
}

void HttpServer::close() {
  if (!listener_) return;
  try {
    listener_->close().wait();
  } catch (const std::exception& e) {
    spdlog::warn("closing {}: {}", url_, e.what());
  }
  listener_.reset();
}

}  // namespace p15::api
