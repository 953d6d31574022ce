#pragma once
#include <cpprest/json.h>

#include <string>

namespace p15::test {

struct HttpResult {
  int status = 0;
  std::string body;
  std::string content_type;
  web::json::value json() const;  // parsed body; null when it is not JSON
};

HttpResult http_get(const std::string& url, int timeout_s = 10);
// Any method, with a body sent as is under `content_type` (no Content-Type header when empty).
HttpResult http_request(const std::string& method, const std::string& url,
                        const std::string& body = "", const std::string& content_type = "",
                        int timeout_s = 10);

}  // namespace p15::test
