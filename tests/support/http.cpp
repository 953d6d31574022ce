#include "tests/support/http.h"

#include <arpa/inet.h>
#include <cpprest/http_client.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <regex>

namespace p15::test {

web::json::value HttpResult::json() const {
  try {
    return web::json::value::parse(body);
  } catch (const std::exception&) {
    return web::json::value::null();
  }
}

std::string HttpResult::header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? "" : it->second;
}

HttpResult http_request_with_headers(const std::string& method, const std::string& url,
                                     const std::map<std::string, std::string>& headers,
                                     const std::string& body, int timeout_s) {
  return send_request(method, url, headers, body, body.empty() ? "" : "application/json",
                      timeout_s);
}

HttpResult http_request(const std::string& method, const std::string& url, const std::string& body,
                        const std::string& content_type, int timeout_s) {
  return send_request(method, url, {}, body, content_type, timeout_s);
}

HttpResult send_request(const std::string& method, const std::string& url,
                        const std::map<std::string, std::string>& headers, const std::string& body,
                        const std::string& content_type, int timeout_s) {
  web::http::client::http_client_config cfg;
  cfg.set_timeout(std::chrono::seconds(timeout_s));
  web::http::client::http_client client(url, cfg);
  web::http::http_request req(method);
  for (const auto& [k, v] : headers) req.headers().add(k, v);
  if (!body.empty() || !content_type.empty()) req.set_body(body, content_type);
  if (content_type.empty()) req.headers().remove(web::http::header_names::content_type);
  auto resp = client.request(req).get();
  HttpResult r;
  r.status = resp.status_code();
  r.body = resp.extract_string(true).get();
  r.content_type = resp.headers().content_type();
  for (const auto& [k, v] : resp.headers()) r.headers[k] = v;
  return r;
}

HttpResult http_get(const std::string& url, int timeout_s) {
  return http_request(web::http::methods::GET, url, "", "", timeout_s);
}

namespace {

// True once `data` holds a whole response: the header block and Content-Length bytes of body.
bool complete(const std::string& data) {
  auto end = data.find("\r\n\r\n");
  if (end == std::string::npos) return false;
  static const std::regex length(R"(\r\n[Cc]ontent-[Ll]ength:\s*(\d+))");
  std::smatch m;
  std::string head = data.substr(0, end);
  if (!std::regex_search(head, m, length)) return true;
  return data.size() >= end + 4 + std::stoul(m[1].str());
}

}  // namespace

int raw_http(int port, const std::string& bytes, std::string& response, int timeout_ms) {
  response.clear();
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return 0;
  }
  // The server may answer (and close) before it read everything: a failed send is not an error.
  size_t sent = 0;
  while (sent < bytes.size()) {
    ssize_t n = send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<size_t>(n);
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  char buf[65536];
  while (!complete(response)) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
    ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    response.append(buf, static_cast<size_t>(n));
  }
  close(fd);
  static const std::regex status_line(R"(^HTTP/1\.[01] (\d{3}) )");
  std::smatch m;
  std::string first = response.substr(0, 64);
  if (!std::regex_search(first, m, status_line)) return 0;
  return std::stoi(m[1].str());
}

}  // namespace p15::test
