// CompanionClient against a tiny recording HTTP listener standing in for the original
// "project_10th_street" companion service.
#include "service/vehicle/companion_client.h"

#include <cpprest/http_listener.h>
#include <gtest/gtest.h>

#include <deque>
#include <mutex>

#include "tests/support/service_process.h"

namespace p15 {
namespace {

using namespace std::chrono_literals;
using web::http::http_request;
using web::http::http_response;

struct Canned {
  int status = 200;
  std::string body = "{}";
  std::string retry_after{};
};

// Answers each request with the next canned answer (200 {} when none) and records it.
class FakeCompanion {
 public:
  FakeCompanion()
      : port_(test::free_port()), listener_("http://127.0.0.1:" + std::to_string(port_)) {
    listener_.support([this](http_request req) { handle(req); });
    listener_.open().wait();
  }
  ~FakeCompanion() { listener_.close().wait(); }

  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  void answer(Canned c) {
    std::lock_guard lock(mu_);
    canned_.push_back(std::move(c));
  }
  std::vector<std::string> requests() {
    std::lock_guard lock(mu_);
    return requests_;
  }

 private:
  void handle(http_request req) {
    Canned c;
    {
      std::lock_guard lock(mu_);
      requests_.push_back(req.method() + " " + req.relative_uri().to_string());
      if (!canned_.empty()) {
        c = canned_.front();
        canned_.pop_front();
      }
    }
    http_response resp(static_cast<web::http::status_code>(c.status));
    if (!c.retry_after.empty()) resp.headers().add("Retry-After", c.retry_after);
    resp.set_body(c.body, "application/json");
    req.reply(resp).wait();
  }

  int port_;
  web::http::experimental::listener::http_listener listener_;
  std::mutex mu_;
  std::deque<Canned> canned_;
  std::vector<std::string> requests_;
};

class CompanionClientTest : public ::testing::Test {
 protected:
  FakeCompanion companion_;
  CompanionClient client_{companion_.base_url() + "/", 2s};  // a trailing slash is tolerated
};

TEST_F(CompanionClientTest, EachCallIsAGetUnderProject10thStreet) {
  EXPECT_EQ(client_.wake_up().outcome, Outcome::Done);
  EXPECT_EQ(client_.send({CommandKind::SetChargingAmps, 13}).outcome, Outcome::Done);
  EXPECT_EQ(client_.send({CommandKind::ChargeStart, 0}).outcome, Outcome::Done);
  EXPECT_EQ(client_.send({CommandKind::ChargeStop, 0}).outcome, Outcome::Done);
  EXPECT_EQ(client_.poll_state().outcome, Outcome::Done);
  EXPECT_EQ(companion_.requests(),
            (std::vector<std::string>{"GET /project_10th_street/wake-up",
                                      "GET /project_10th_street/charging-amps?charging_amps=13",
                                      "GET /project_10th_street/start-charge",
                                      "GET /project_10th_street/stop-charge",
                                      "GET /project_10th_street/vehicle"}));
}

TEST_F(CompanionClientTest, PollStateReadsTheStateWhereverItIs) {
  companion_.answer({200, R"({"state":"asleep"})"});
  companion_.answer({200, R"({"response":{"state":"offline"}})"});
  companion_.answer({200, R"({"vin":"X","charge_state":{}})"});
  EXPECT_EQ(client_.poll_state().vehicle_state, VehicleState::Asleep);
  EXPECT_EQ(client_.poll_state().vehicle_state, VehicleState::Offline);
  EXPECT_EQ(client_.poll_state().vehicle_state, VehicleState::Online)
      << "vehicle data implies an awake car";
}

TEST_F(CompanionClientTest, StatusesMapLikeTheFleetApi) {
  companion_.answer({408, R"({"error":"vehicle unavailable"})"});
  companion_.answer({429, "{}", "9"});
  companion_.answer({401, "{}"});
  companion_.answer({503, "down"});
  companion_.answer({404, "no such route"});
  companion_.answer({200, R"({"response":{"result":false,"reason":"disconnected"}})"});
  companion_.answer({200, R"({"response":{"result":false,"reason":"is_charging"}})"});
  companion_.answer({200, "OK"});
  VehicleCommand start{CommandKind::ChargeStart, 0};
  EXPECT_EQ(client_.send(start).outcome, Outcome::Asleep);
  auto limited = client_.send(start);
  EXPECT_EQ(limited.outcome, Outcome::RateLimited);
  EXPECT_EQ(limited.retry_after, 9s);
  EXPECT_EQ(client_.send(start).outcome, Outcome::Unauthorized);
  EXPECT_EQ(client_.send(start).outcome, Outcome::ServerError);
  EXPECT_EQ(client_.send(start).outcome, Outcome::Rejected);
  auto refused = client_.send(start);
  EXPECT_EQ(refused.outcome, Outcome::Rejected);
  EXPECT_EQ(refused.reason, "disconnected");
  EXPECT_EQ(client_.send(start).outcome, Outcome::Done);
  EXPECT_EQ(client_.send(start).outcome, Outcome::Done) << "a non-JSON 200 is fine";
}

TEST(CompanionClientUnreachable, ConnectionRefused) {
  CompanionClient nowhere("http://127.0.0.1:" + std::to_string(test::free_port()), 1s);
  auto r = nowhere.wake_up();
  EXPECT_EQ(r.outcome, Outcome::Unreachable);
  EXPECT_FALSE(r.reason.empty());
}

}  // namespace
}  // namespace p15
