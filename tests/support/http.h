#pragma once
#include <cpprest/json.h>

#include <map>
#include <string>

namespace p15::test {

struct HttpResult {
  int status = 0;
  std::string body;
  std::string content_type;
  std::map<std::string, std::string> headers;         // response headers, as cpprest gives them
  web::json::value json() const;                      // parsed body; null when it is not JSON
  std::string header(const std::string& name) const;  // "" when absent
};

HttpResult http_get(const std::string& url, int timeout_s = 10);
// Any method, with a body sent as is under `content_type` (no Content-Type header when empty).
HttpResult http_request(const std::string& method, const std::string& url,
                        const std::string& body = "", const std::string& content_type = "",
                        int timeout_s = 10);

// Any method, extra request headers and a JSON body (sent only when not empty).
HttpResult http_request_with_headers(const std::string& method, const std::string& url,
                                     const std::map<std::string, std::string>& headers,
                                     const std::string& body = "", int timeout_s = 10);
// Both of the above.
HttpResult send_request(const std::string& method, const std::string& url,
                        const std::map<std::string, std::string>& headers, const std::string& body,
                        const std::string& content_type, int timeout_s);

// Sends `bytes` as they are to 127.0.0.1:port (no HTTP client in between, so malformed requests
// reach the server) and reads until the server closes, `timeout_ms` passes or a whole response
// (headers plus Content-Length bytes) arrived. Returns the status of the first response line, 0
// when nothing parseable came back; `response` gets the raw bytes read.
int raw_http(int port, const std::string& bytes, std::string& response, int timeout_ms = 3000);

}  // namespace p15::test
