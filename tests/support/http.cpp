#include "tests/support/http.h"

#include <cpprest/http_client.h>

namespace p15::test {

web::json::value HttpResult::json() const {
  try {
    return web::json::value::parse(body);
  } catch (const std::exception&) {
    return web::json::value::null();
  }
}

HttpResult http_request(const std::string& method, const std::string& url, const std::string& body,
                        const std::string& content_type, int timeout_s) {
  web::http::client::http_client_config cfg;
  cfg.set_timeout(std::chrono::seconds(timeout_s));
  web::http::client::http_client client(url, cfg);
  web::http::http_request req(method);
  if (!body.empty() || !content_type.empty()) req.set_body(body, content_type);
  if (content_type.empty()) req.headers().remove(web::http::header_names::content_type);
  auto resp = client.request(req).get();
  HttpResult r;
  r.status = resp.status_code();
  r.body = resp.extract_string(true).get();
  r.content_type = resp.headers().content_type();
  return r;
}

HttpResult http_get(const std::string& url, int timeout_s) {
  return http_request(web::http::methods::GET, url, "", "", timeout_s);
}

}  // namespace p15::test
