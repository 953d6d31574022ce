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

HttpResult http_get(const std::string& url, int timeout_s) {
  web::http::client::http_client_config cfg;
  cfg.set_timeout(std::chrono::seconds(timeout_s));
  web::http::client::http_client client(url, cfg);
  auto resp = client.request(web::http::methods::GET).get();
  HttpResult r;
  r.status = resp.status_code();
  r.body = resp.extract_string(true).get();
  r.content_type = resp.headers().content_type();
  return r;
}

}  // namespace p15::test
