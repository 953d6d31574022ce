// Tesla's real answers (tests/data/tesla, each with its source in the README there): the model of
// Tesla gives the same bodies in the same situations, and the service reads each one as what it
// means, whatever the status.
#include <cpprest/json.h>
#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <sstream>

#include "service/vehicle/http_answer.h"
#include "sim/tesla_front.h"

namespace p15 {
namespace {

// The body a fixture holds: plain-text bodies are stored as a JSON string.
std::string fixture(const std::string& name) {
  std::ifstream in(std::string(P15_SOURCE_DIR) + "/tests/data/tesla/" + name + ".json");
  EXPECT_TRUE(in) << name;
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  const auto v = web::json::value::parse(text);
  return v.is_string() ? v.as_string() : v.serialize();
}

std::string normalised(const std::string& body) {
  try {
    return web::json::value::parse(body).serialize();
  } catch (const std::exception&) {
    return body;
  }
}

struct ReadCase {
  std::string file;
  int status;
  Outcome outcome;
  std::string reason_has;
  long long retry_after_s = -1;  // for 429
};

class ServiceReads : public ::testing::TestWithParam<ReadCase> {};

TEST_P(ServiceReads, EachRealAnswerAsWhatItMeans) {
  const auto& c = GetParam();
  const ClientResponse r =
      map_http_answer(c.status, fixture(c.file), RateHeaders{}, AnswerKind::Command);
  EXPECT_EQ(to_string(r.outcome), to_string(c.outcome)) << r.reason;
  EXPECT_NE(r.reason.find(c.reason_has), std::string::npos) << r.reason;
  if (c.retry_after_s >= 0) EXPECT_EQ(r.retry_after.count(), c.retry_after_s);
}

INSTANTIATE_TEST_SUITE_P(
    Fixtures, ServiceReads,
    ::testing::Values(
        ReadCase{"proxy_500_asleep", 500, Outcome::Asleep, "offline or asleep"},
        ReadCase{"fleet_408_vehicle_data_asleep", 408, Outcome::Asleep, "offline or asleep"},
        ReadCase{"proxy_500_unpaired", 500, Outcome::Forbidden, "pair it"},
        ReadCase{"proxy_429_retry_in", 429, Outcome::RateLimited, "48472", 48472},
        ReadCase{"fleet_429_retry_in", 429, Outcome::RateLimited, "37829", 37829},
        ReadCase{"command_ok", 200, Outcome::Done, ""},
        ReadCase{"command_result_false_is_charging", 200, Outcome::Done, "is_charging"},
        ReadCase{"command_result_false_complete", 200, Outcome::Done, "complete"},
        ReadCase{"fleet_401_token_expired", 401, Outcome::Unauthorized, "401"},
        ReadCase{"fleet_403_missing_scope", 403, Outcome::Forbidden, "missing scopes"},
        ReadCase{"fleet_403_vcp_required", 403, Outcome::Forbidden, "Command Protocol"},
        ReadCase{"fleet_403_account_disabled_exceeded_limit", 403, Outcome::Forbidden,
                 "EXCEEDED_LIMIT"},
        ReadCase{"fleet_412_not_registered", 412, Outcome::Forbidden, "register"},
        ReadCase{"proxy_500_context_deadline", 500, Outcome::ServerError, "deadline"},
        ReadCase{"ble_command_wait_ok", 200, Outcome::Done, ""},
        ReadCase{"ble_command_wait_not_in_range", 503, Outcome::Unreachable, "not in range"},
        ReadCase{"ble_command_wait_unpaired", 503, Outcome::Forbidden, "pair it"},
        ReadCase{"ble_vehicle_data_asleep", 503, Outcome::Asleep, "sleeping"}),
    [](const auto& info) { return info.param.file; });

// The model in one situation, and the real answer it must give.
struct ModelCase {
  std::string file;
  int status;
  std::function<void(sim::TeslaFront&)> arrange;
  std::string method, path, body;
};

class ModelAnswers : public ::testing::TestWithParam<ModelCase> {};

TEST_P(ModelAnswers, AsTeslaDid) {
  const auto& c = GetParam();
  sim::TeslaAuth auth{sim::AuthSettings{}};
  auth.accept_static("tok");
  sim::TeslaFront front(sim::FrontSettings{}, sim::TeslaCar{}, auth);
  front.car().state.charging_state = ChargingState::Stopped;
  if (c.arrange) c.arrange(front);
  const std::string vin = front.car().vin;
  const TimePoint now{Seconds{1'780'000'000}};
  const sim::TeslaAnswer a =
      front.handle(sim::TeslaRequest{c.method, "/api/1/vehicles/" + vin + c.path, "", c.body,
                                     "Bearer tok", "application/json"},
                   now);
  EXPECT_EQ(a.status, c.status);
  EXPECT_EQ(normalised(a.body), normalised(fixture(c.file)));
}

void asleep(sim::TeslaFront& f) { f.car().state.presence = sim::Presence::Asleep; }
void charging(sim::TeslaFront& f) { f.car().state.charging_state = ChargingState::Charging; }
void unpaired(sim::TeslaFront& f) { f.settings().key_paired = false; }
void no_scope(sim::TeslaFront& f) { f.settings().commands_scope = false; }
void unregistered(sim::TeslaFront& f) {
  f.settings().registered = false;
  f.settings().client_id = "client-id";
}
void limited(sim::TeslaFront& f) {
  f.faults().answer_429 = 1;
  f.faults().retry_after_s = 48472;
}

const std::string kStart = "/command/charge_start";

INSTANTIATE_TEST_SUITE_P(
    Fixtures, ModelAnswers,
    ::testing::Values(
        ModelCase{"proxy_500_asleep", 500, asleep, "POST", kStart, "{}"},
        ModelCase{"fleet_408_vehicle_data_asleep", 408, asleep, "GET", "/vehicle_data", ""},
        ModelCase{"proxy_500_unpaired", 500, unpaired, "POST", kStart, "{}"},
        ModelCase{"command_ok", 200, {}, "POST", kStart, "{}"},
        ModelCase{"command_result_false_is_charging", 200, charging, "POST", kStart, "{}"},
        ModelCase{"proxy_429_retry_in", 429, limited, "POST", kStart, "{}"},
        ModelCase{"fleet_403_missing_scope", 403, no_scope, "POST", kStart, "{}"},
        ModelCase{"fleet_412_not_registered", 412, unregistered, "POST", kStart, "{}"}),
    [](const auto& info) { return info.param.file; });

}  // namespace
}  // namespace p15
