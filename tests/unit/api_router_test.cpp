// What escapes a handler and what the client sent: BadRequest is the client's (400), any other
// exception the service's (500); echoed text is made safe for JSON.
#include <cpprest/json.h>
#include <gtest/gtest.h>

#include <functional>
#include <stdexcept>

#include "api/router.h"

namespace p15::api {
namespace {

struct Throws {
  const char* name;
  std::function<void()> fault;
  int status;
  std::string message;  // part of the JSON error
};

void PrintTo(const Throws& t, std::ostream* os) { *os << t.name; }

class HandlerFault : public ::testing::TestWithParam<Throws> {};

TEST_P(HandlerFault, BecomesAJsonAnswerWithTheRightStatus) {
  Router router;
  auto fault = GetParam().fault;
  router.add("PUT", "/x", [fault](const Request&) {
    fault();
    return json_response(200, "{}");
  });
  Response r = router.dispatch(Request{"PUT", "/x", {}, "", ""});
  EXPECT_EQ(r.status, GetParam().status) << r.body;
  EXPECT_EQ(r.content_type, "application/json");
  auto body = web::json::value::parse(r.body);
  EXPECT_NE(body["error"].as_string().find(GetParam().message), std::string::npos) << r.body;
}

INSTANTIATE_TEST_SUITE_P(
    Faults, HandlerFault,
    ::testing::Values(Throws{"bad_request", [] { throw BadRequest("amps: expected 0..48"); }, 400,
                             "amps: expected 0..48"},
                      Throws{"runtime_error", [] { throw std::runtime_error("disk on fire"); }, 500,
                             "internal error: disk on fire"},
                      Throws{"logic_error",
                             [] { throw std::logic_error("Result::value() on error"); }, 500,
                             "internal error"},
                      Throws{"json_of_our_own", [] { web::json::value::null().as_string(); }, 500,
                             "internal error"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(Printable, EscapesWhatIsNotPrintableAsciiAndCutsLongText) {
  EXPECT_EQ(printable("/a b?c=1"), "/a b?c=1");
  EXPECT_EQ(printable(std::string("/\xff\x00x", 4)), "/\\xFF\\x00x");
  EXPECT_EQ(printable("\n\t"), "\\x0A\\x09");
  EXPECT_EQ(printable(std::string(500, 'a'), 10), std::string(10, 'a') + "...");
}

TEST(ErrorResponse, IsValidJsonWhateverThePathHeld) {
  Router router;
  std::string path = std::string("/\xc3\x28\xff", 4) + std::string(5000, 'p');
  Response r = router.dispatch(Request{"GET", path, {}, "", ""});
  EXPECT_EQ(r.status, 404);
  auto body = web::json::value::parse(r.body);  // throws on invalid UTF-8 or JSON
  EXPECT_LT(body["error"].as_string().size(), 500u);
}

}  // namespace
}  // namespace p15::api
