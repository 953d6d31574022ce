#include "api/server.h"

#include <cpprest/http_listener.h>
#include <spdlog/spdlog.h>

#include <chrono>

namespace p15::api {

using web::http::http_request;
using web::http::experimental::listener::http_listener;

namespace {

Request to_request(const http_request& req) {
  Request r;
  r.method = req.method();
  r.path = web::uri::decode(req.relative_uri().path());
  for (const auto& [k, v] : web::uri::split_query(req.relative_uri().query())) {
    r.query[web::uri::decode(k)] = web::uri::decode(v);
  }
  auto auth = req.headers().find("Authorization");
  if (auth != req.headers().end()) r.authorization = auth->second;
  r.content_type = req.headers().content_type();
  return r;
}

}  // namespace

HttpServer::HttpServer(const Router& router, std::string bind_address, int port)
    : router_(router), url_("http://" + bind_address + ":" + std::to_string(port)) {}

HttpServer::~HttpServer() { close(); }

void HttpServer::open() {
  listener_ = std::make_unique<http_listener>(url_);
  listener_->support([this](http_request req) {
    auto started = std::chrono::steady_clock::now();
    Request r = to_request(req);
    Response resp;
    try {
      // Only methods that carry one: a GET is never held up reading a body nobody sent.
      if (r.method == "PUT" || r.method == "POST") r.body = req.extract_utf8string(true).get();
      resp = router_.dispatch(r);
    } catch (const std::exception& e) {
      resp = json_response(400, R"({"error":"the request body could not be read"})");
      spdlog::warn("http method={} path={}: reading the body: {}", r.method, r.path, e.what());
    }
    web::http::http_response out(resp.status);
    if (!resp.body.empty() || resp.status != 204) {
      out.set_body(resp.body, resp.content_type);
    }
    req.reply(out);
    auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started);
    spdlog::debug("http method={} path={} status={} ms={:.1f}", r.method, r.path, resp.status,
                  ms.count());
  });
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
