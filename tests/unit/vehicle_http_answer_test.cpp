// How HTTP answers become Outcomes (shared by the Fleet and companion clients), the dry-run
// client, and the factory's checks.
#include <gtest/gtest.h>

#include "service/vehicle/http_answer.h"
#include "service/vehicle/none_client.h"
#include "service/vehicle/vehicle_factory.h"

namespace p15 {
namespace {

ClientResponse command(int status, const std::string& body, const std::string& retry = "") {
  return map_http_answer(status, body, retry, AnswerKind::Command, "tok-123");
}

std::string result_false(const std::string& reason) {
  return R"({"response":{"result":false,"reason":")" + reason + R"("}})";
}

TEST(VehicleHttpAnswer, ResultTrueIsDone) {
  auto r = command(200, R"({"response":{"result":true,"reason":""}})");
  EXPECT_EQ(r.outcome, Outcome::Done);
  EXPECT_EQ(r.http_status, 200);
}

TEST(VehicleHttpAnswer, BenignResultFalseIsDoneWithItsReason) {
  for (std::string reason : {"already_set", "is_charging", "not_charging", "complete"}) {
    auto r = command(200, result_false(reason));
    EXPECT_EQ(r.outcome, Outcome::Done) << reason;
    EXPECT_EQ(r.reason, reason);
  }
}

TEST(VehicleHttpAnswer, OtherResultFalseIsRejected) {
  for (std::string reason : {"disconnected", "vehicle_busy", "invalid_charging_amps"}) {
    auto r = command(200, result_false(reason));
    EXPECT_EQ(r.outcome, Outcome::Rejected) << reason;
    EXPECT_EQ(r.reason, reason);
  }
}

TEST(VehicleHttpAnswer, StatusClasses) {
  EXPECT_EQ(command(408, R"({"response":null,"error":"vehicle unavailable"})").outcome,
            Outcome::Asleep);
  EXPECT_EQ(command(408, R"({"error":"vehicle unavailable"})").reason, "vehicle unavailable");
  EXPECT_EQ(command(401, "{}").outcome, Outcome::Unauthorized);
  EXPECT_EQ(command(500, "{}").outcome, Outcome::ServerError);
  EXPECT_EQ(command(503, "<html>down</html>").outcome, Outcome::ServerError);
  EXPECT_EQ(command(404, "{}").outcome, Outcome::Rejected);
  EXPECT_EQ(command(400, "{}").outcome, Outcome::Rejected);
}

TEST(VehicleHttpAnswer, RateLimitReadsRetryAfter) {
  auto r = command(429, "{}", "17");
  EXPECT_EQ(r.outcome, Outcome::RateLimited);
  EXPECT_EQ(r.retry_after, Seconds{17});
  EXPECT_EQ(command(429, "{}", "").retry_after, Seconds{60});
  EXPECT_EQ(command(429, "{}", "Wed, 21 Oct 2026 07:28:00 GMT").retry_after, Seconds{60});
  EXPECT_EQ(command(429, "{}", " 5 ").retry_after, Seconds{5});
  EXPECT_EQ(command(429, "{}", "-5").retry_after, Seconds{60});
}

TEST(VehicleHttpAnswer, UnusableCommandAnswerIsUnreachable) {
  EXPECT_EQ(command(200, "not json").outcome, Outcome::Unreachable);
  EXPECT_EQ(command(200, R"({"response":{}})").outcome, Outcome::Unreachable);
}

TEST(VehicleHttpAnswer, StateIsReadFromResponseOrTopLevel) {
  auto a = map_http_answer(200, R"({"response":{"state":"asleep"}})", "", AnswerKind::State);
  EXPECT_EQ(a.outcome, Outcome::Done);
  EXPECT_EQ(a.vehicle_state, VehicleState::Asleep);
  auto b = map_http_answer(200, R"({"state":"online"})", "", AnswerKind::Lenient);
  EXPECT_EQ(b.vehicle_state, VehicleState::Online);
  EXPECT_EQ(map_http_answer(200, "OK", "", AnswerKind::Lenient).outcome, Outcome::Done);
  EXPECT_EQ(map_http_answer(204, "", "", AnswerKind::Lenient).outcome, Outcome::Done);
  EXPECT_EQ(map_http_answer(200, result_false("vehicle_busy"), "", AnswerKind::Lenient).outcome,
            Outcome::Rejected);
}

TEST(VehicleHttpAnswer, TheSecretNeverAppearsInAReason) {
  EXPECT_EQ(command(500, R"({"error":"bad header Bearer tok-123"})").reason,
            "HTTP 500: bad header Bearer [redacted]");
  EXPECT_EQ(command(200, "echo tok-123").reason.find("tok-123"), std::string::npos);
  EXPECT_EQ(unreachable("GET http://x/?t=tok-123 failed", "tok-123").reason,
            "GET http://x/?t=[redacted] failed");
  EXPECT_EQ(redact("a tok b tok", "tok"), "a [redacted] b [redacted]");
  EXPECT_EQ(redact("unchanged", ""), "unchanged");
}

TEST(VehicleHttpAnswer, LongErrorPagesAreClipped) {
  auto r = command(502, std::string(5000, 'x'));
  EXPECT_LT(r.reason.size(), 300u);
}

TEST(VehicleOutcome, Names) {
  EXPECT_EQ(to_string(Outcome::Done), "done");
  EXPECT_EQ(to_string(Outcome::RateLimited), "rate_limited");
  EXPECT_EQ(to_string(Outcome::Unreachable), "unreachable");
}

TEST(VehicleNoneClient, AnswersDoneWithoutSendingAnything) {
  NoneClient c;
  EXPECT_EQ(c.name(), "none");
  auto r = c.send(VehicleCommand{CommandKind::ChargeStart, 0});
  EXPECT_EQ(r.outcome, Outcome::Done);
  EXPECT_EQ(r.reason, "dry run (vehicle.adapter=none)");
  EXPECT_EQ(c.poll_state().vehicle_state, VehicleState::Online);
  EXPECT_EQ(c.wake_up().outcome, Outcome::Done);
}

TEST(VehicleFactory, BuildsEachAdapter) {
  VehicleConfig none;
  auto n = make_vehicle_client(none);
  ASSERT_TRUE(n.ok()) << n.error().message;
  EXPECT_EQ(n.value()->name(), "none");

  VehicleConfig fleet;
  fleet.adapter = "fleet";
  fleet.vin = "5YJ3E1EA1KF000001";
  fleet.fleet_base_url = "https://localhost:4443";
  fleet.fleet_token = "secret-token";
  auto f = make_vehicle_client(fleet);
  ASSERT_TRUE(f.ok()) << f.error().message;
  EXPECT_EQ(f.value()->name(), "fleet");

  VehicleConfig companion;
  companion.adapter = "companion";
  companion.companion_base_url = "http://127.0.0.1:5001";
  auto c = make_vehicle_client(companion);
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c.value()->name(), "companion");
}

TEST(VehicleFactory, NamesTheMissingSettingButNotTheToken) {
  VehicleConfig bad;
  bad.adapter = "tesla";
  EXPECT_NE(make_vehicle_client(bad).error().message.find("fleet, companion or none"),
            std::string::npos);

  VehicleConfig fleet;
  fleet.adapter = "fleet";
  fleet.vin = "VIN";
  fleet.fleet_token = "secret-token";
  auto r = make_vehicle_client(fleet);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("fleet_base_url"), std::string::npos);
  EXPECT_EQ(r.error().message.find("secret-token"), std::string::npos);

  fleet.fleet_base_url = "ftp://x";
  EXPECT_FALSE(make_vehicle_client(fleet).ok());
  fleet.fleet_base_url = "http://127.0.0.1:1";
  fleet.fleet_token.clear();
  EXPECT_NE(make_vehicle_client(fleet).error().message.find("fleet_token"), std::string::npos);
  fleet.fleet_token = "t";
  fleet.vin.clear();
  EXPECT_NE(make_vehicle_client(fleet).error().message.find("vin"), std::string::npos);

  VehicleConfig companion;
  companion.adapter = "companion";
  EXPECT_NE(make_vehicle_client(companion).error().message.find("companion_base_url"),
            std::string::npos);
}

}  // namespace
}  // namespace p15
