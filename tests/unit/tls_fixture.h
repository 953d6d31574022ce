#pragma once
// A temp directory for generated TLS files and a small https:// cpprest listener that presents
// them, shared by the certificate tests and the FleetClient TLS tests.
#include <arpa/inet.h>
#include <cpprest/http_listener.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>

#include "sim/tls_cert.h"

namespace p15::test {

// A port nobody listens on at `ip` (any 127.x.y.z works on Linux), picked by binding port 0.
inline int free_port_on(const std::string& ip) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  ::inet_pton(AF_INET, ip.c_str(), &addr.sin_addr);
  socklen_t len = sizeof addr;
  const bool ok = fd >= 0 && ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
                  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0;
  if (fd >= 0) ::close(fd);
  if (!ok) throw std::runtime_error("no free port on " + ip);
  return ntohs(addr.sin_port);
}

inline std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// https://IP:port answering every request with 200 and `body`, counting the requests that got
// through the handshake (a refused handshake must leave the count alone).
class HttpsServer {
 public:
  HttpsServer(const std::string& ip, const sim::TlsFiles& files, std::string body)
      : port_(free_port_on(ip)), url_("https://" + ip + ":" + std::to_string(port_)) {
    web::http::experimental::listener::http_listener_config cfg;
    sim::use_tls(cfg, files);
    listener_ = std::make_unique<web::http::experimental::listener::http_listener>(url_, cfg);
    listener_->support([this, body = std::move(body)](web::http::http_request req) {
      ++hits_;
      req.reply(web::http::status_codes::OK, body, "application/json");
    });
    listener_->open().wait();
  }
  ~HttpsServer() {
    try {
      listener_->close().wait();
    } catch (const std::exception&) {
      // The test is over; a failed close changes no result.
    }
  }
  const std::string& url() const { return url_; }
  int hits() const { return hits_; }

 private:
  int port_;
  std::string url_;
  std::atomic<int> hits_{0};
  std::unique_ptr<web::http::experimental::listener::http_listener> listener_;
};

class TlsDir : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    root_ =
        std::filesystem::temp_directory_path() / ("p15-tls-test-" + std::to_string(getpid()) + "-" +
                                                  test->test_suite_name() + "-" + test->name());
    std::filesystem::remove_all(root_);
    std::filesystem::create_directories(root_);
  }
  void TearDown() override { std::filesystem::remove_all(root_); }
  // A TLS directory below the temp root, not yet created.
  std::string dir(const std::string& name = "tls") const { return (root_ / name).string(); }
  // Generates into dir(name) and fails the test if that fails.
  sim::TlsFiles generate(const std::string& name, const std::vector<std::string>& names = {}) {
    auto s = sim::ensure_tls_files(dir(name), names);
    EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().message);
    return sim::tls_files(dir(name));
  }
  std::filesystem::path root_;
};

}  // namespace p15::test
