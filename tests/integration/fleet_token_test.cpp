// FleetTokens against the OAuth server model behind a real HTTP listener on loopback: the refresh
// request on the wire, the rotated refresh token on disk, one refresh for racing renewals (threads
// and separate instances sharing the files, as two processes would), refusals as Errors that name
// the setting and carry no token, and a token file renewed by another program.
#include "service/vehicle/fleet_token.h"

#include <cpprest/http_listener.h>
#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include "sim/tesla_auth.h"
#include "tests/support/log_capture.h"
#include "tests/support/service_process.h"

namespace p15 {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

const TimePoint t0{std::chrono::sys_days{std::chrono::year{2025} / 6 / 1}};

// POST /oauth2/v3/token answered by a TeslaAuth whose clock the test sets.
class AuthServer {
 public:
  AuthServer() : port_(test::free_port()) {
    listener_ = std::make_unique<web::http::experimental::listener::http_listener>(base_url());
    listener_->support([this](web::http::http_request req) { handle(std::move(req)); });
    listener_->open().wait();
    first_ = auth_.issue(t0);
  }
  ~AuthServer() { listener_->close().wait(); }

  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::string token_url() const { return base_url() + "/oauth2/v3/token"; }
  const sim::TokenPair& first() const { return first_; }

  template <class F>
  auto with_auth(F f) {
    std::lock_guard lock(mu_);
    return f(auth_);
  }
  void set_now(TimePoint t) {
    std::lock_guard lock(mu_);
    now_ = t;
  }
  void set_delay(std::chrono::milliseconds d) {
    std::lock_guard lock(mu_);
    delay_ = d;
  }
  int requests() {
    std::lock_guard lock(mu_);
    return static_cast<int>(bodies_.size());
  }
  std::string last_content_type() {
    std::lock_guard lock(mu_);
    return content_type_;
  }

 private:
  void handle(web::http::http_request req) {
    if (req.method() != web::http::methods::POST ||
        req.relative_uri().path() != "/oauth2/v3/token") {
      req.reply(404);
      return;
    }
    auto ct = req.headers().content_type();
    std::string body = req.extract_utf8string(true).get();
    sim::TeslaAnswer a;
    std::chrono::milliseconds delay;
    {
      std::lock_guard lock(mu_);
      bodies_.push_back(body);
      content_type_ = ct;
      a = auth_.token_endpoint(ct, body, now_);
      delay = delay_;
    }
    std::this_thread::sleep_for(delay);  // widens the window racing renewals could slip through
    web::http::http_response resp(static_cast<web::http::status_code>(a.status));
    for (const auto& [k, v] : a.headers) resp.headers().add(k, v);
    resp.set_body(a.body, "application/json");
    req.reply(resp).wait();
  }

  int port_;
  std::unique_ptr<web::http::experimental::listener::http_listener> listener_;
  std::mutex mu_;
  sim::TeslaAuth auth_{sim::AuthSettings{}, 11};
  sim::TokenPair first_;
  TimePoint now_ = t0;
  std::chrono::milliseconds delay_{0};
  std::vector<std::string> bodies_;
  std::string content_type_;
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  std::string t = s.str();
  while (!t.empty() && t.back() == '\n') t.pop_back();
  return t;
}

void put(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::trunc) << text; }

class FleetTokenTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "p15-fleet-token-XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    put(refresh_file(), server_.first().refresh_token);
    server_.set_now(t0 + 9h);  // the first access token has expired
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path refresh_file() const { return dir_ / "refresh_token"; }
  fs::path token_file() const { return dir_ / "access_token"; }

  FleetTokenSettings settings(bool with_token_file = false) {
    FleetTokenSettings s;
    if (with_token_file) {
      put(token_file(), server_.first().access_token);
      s.token_file = token_file().string();
    } else {
      s.token = server_.first().access_token;
    }
    s.client_id = "p15-sim";
    s.refresh_token_file = refresh_file().string();
    s.auth_url = server_.token_url();
    s.timeout = 5s;
    return s;
  }

  std::string current_refresh() {
    return server_.with_auth([](sim::TeslaAuth& a) { return a.current_refresh_token(); });
  }
  std::string latest_access() {
    return server_.with_auth([](sim::TeslaAuth& a) { return a.latest_access_token(); });
  }

  AuthServer server_;
  fs::path dir_;
};

TEST_F(FleetTokenTest, RenewRefreshesOnceAndStoresTheRotatedRefreshToken) {
  FleetTokens tokens(settings());
  EXPECT_EQ(tokens.access_token(), server_.first().access_token);
  auto r = tokens.renew(server_.first().access_token);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(*r, latest_access());
  EXPECT_EQ(tokens.access_token(), *r);
  EXPECT_EQ(server_.requests(), 1);
  EXPECT_EQ(tokens.refreshes(), 1);
  EXPECT_EQ(server_.last_content_type().rfind("application/x-www-form-urlencoded", 0), 0u);
  // On disk, rotated and private, by the time renew returned.
  EXPECT_EQ(slurp(refresh_file()), current_refresh());
  EXPECT_NE(slurp(refresh_file()), server_.first().refresh_token);
  struct stat st {};
  ASSERT_EQ(::stat(refresh_file().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  for (const auto& e : fs::directory_iterator(dir_)) {
    EXPECT_EQ(e.path().filename().string().find(".tmp."), std::string::npos) << e.path();
  }
}

TEST_F(FleetTokenTest, SecondRenewRefreshesWithTheRotatedToken) {
  FleetTokens tokens(settings());
  auto first = tokens.renew(server_.first().access_token);
  ASSERT_TRUE(first.ok()) << first.error().message;
  server_.set_now(t0 + 18h);
  auto second = tokens.renew(*first);
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_NE(*second, *first);
  EXPECT_EQ(*second, latest_access());
  EXPECT_EQ(server_.requests(), 2);
  EXPECT_EQ(tokens.refreshes(), 2);
  EXPECT_EQ(slurp(refresh_file()), current_refresh());
  // A stale caller still holding the first rejected token gets the current one, no request.
  auto stale = tokens.renew(server_.first().access_token);
  ASSERT_TRUE(stale.ok());
  EXPECT_EQ(*stale, *second);
  EXPECT_EQ(server_.requests(), 2);
}

TEST_F(FleetTokenTest, RacingThreadsSendOneRefresh) {
  server_.set_delay(300ms);
  FleetTokens tokens(settings());
  std::vector<std::string> got(4);
  std::vector<std::thread> threads;
  for (auto& g : got) {
    threads.emplace_back([&] {
      auto r = tokens.renew(server_.first().access_token);
      g = r.ok() ? *r : "error: " + r.error().message;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(server_.requests(), 1);
  EXPECT_EQ(tokens.refreshes(), 1);
  for (const auto& g : got) EXPECT_EQ(g, latest_access());
}

TEST_F(FleetTokenTest, RacingInstancesSharingTheFilesSendOneRefresh) {
  // Two instances stand for two processes: flock(2) locks conflict between separate open()s.
  server_.set_delay(300ms);
  FleetTokens a(settings(true));
  FleetTokens c(settings(true));
  std::string ra, rc;
  std::thread ta([&] { ra = a.renew(server_.first().access_token).value(); });
  std::thread tc([&] { rc = c.renew(server_.first().access_token).value(); });
  ta.join();
  tc.join();
  EXPECT_EQ(server_.requests(), 1);
  EXPECT_EQ(a.refreshes() + c.refreshes(), 1);
  EXPECT_EQ(ra, latest_access());
  EXPECT_EQ(rc, latest_access());
  EXPECT_EQ(slurp(token_file()), latest_access()) << "the refresher shares the new access token";
  EXPECT_EQ(slurp(refresh_file()), current_refresh());
}

TEST_F(FleetTokenTest, RefusedRefreshIsAnErrorNamingTheSettingWithoutTokens) {
  test::LogCapture log;
  server_.with_auth([](sim::TeslaAuth& a) {
    a.fail_refreshes(true);
    return 0;
  });
  FleetTokens tokens(settings());
  auto refused = tokens.renew(server_.first().access_token);
  auto wrong_client = [&] {
    auto s = settings();
    s.client_id = "not-our-app";
    return FleetTokens(s).renew(server_.first().access_token);
  }();
  auto unreachable = [&] {
    auto s = settings();
    s.auth_url = "http://127.0.0.1:" + std::to_string(test::free_port()) + "/oauth2/v3/token";
    return FleetTokens(s).renew(server_.first().access_token);
  }();

  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().message,
            "vehicle.fleet_refresh_token_file: refresh refused (401 login_required): get a new "
            "refresh token (see docs/real-home.md, \"Fleet token renewal\")");
  EXPECT_EQ(refused.error().kind, ErrorKind::Invalid);
  ASSERT_FALSE(wrong_client.ok());
  EXPECT_EQ(wrong_client.error().message.rfind("vehicle.fleet_client_id: refresh refused (400 "
                                               "unauthorized_client)",
                                               0),
            0u)
      << wrong_client.error().message;
  ASSERT_FALSE(unreachable.ok());
  EXPECT_EQ(unreachable.error().message.rfind("vehicle.fleet_auth_url: refresh request failed", 0),
            0u)
      << unreachable.error().message;
  EXPECT_EQ(unreachable.error().kind, ErrorKind::Unavailable);
  EXPECT_EQ(tokens.refreshes(), 0);
  EXPECT_EQ(slurp(refresh_file()), server_.first().refresh_token) << "a refusal changes no file";
  for (const auto& text : {refused.error().message, wrong_client.error().message,
                           unreachable.error().message, log.str()}) {
    EXPECT_EQ(text.find(server_.first().refresh_token), std::string::npos) << text;
    EXPECT_EQ(text.find(server_.first().access_token), std::string::npos) << text;
  }
  EXPECT_NE(log.str().find("login_required"), std::string::npos) << log.str();
}

TEST_F(FleetTokenTest, TokenFileChangedByAnotherProgramNeedsNoRefresh) {
  FleetTokens tokens(settings(true));
  EXPECT_EQ(tokens.access_token(), server_.first().access_token);
  put(token_file(), "renewed-by-another-program-1");
  EXPECT_EQ(tokens.access_token(), "renewed-by-another-program-1");
  // Same size, rewritten in place: renew() reads the file whatever its stamp says.
  put(token_file(), "renewed-by-another-program-2");
  auto r = tokens.renew("renewed-by-another-program-1");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(*r, "renewed-by-another-program-2");
  EXPECT_EQ(tokens.access_token(), "renewed-by-another-program-2");
  EXPECT_EQ(server_.requests(), 0);
  EXPECT_EQ(tokens.refreshes(), 0);
}

TEST_F(FleetTokenTest, WithoutClientIdARejectedTokenIsAnError) {
  auto s = settings(true);
  s.client_id.clear();
  FleetTokens tokens(s);
  auto r = tokens.renew(server_.first().access_token);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("vehicle.fleet_token_file"), std::string::npos);
  EXPECT_EQ(server_.requests(), 0);
}

}  // namespace
}  // namespace p15
