// What escapes a handler and what the client sent: BadRequest is the client's (400), any other
// exception the service's (500); request helpers turn bad input into BadRequest; echoed text is
// made safe for JSON.
#include <cpprest/json.h>
#include <gtest/gtest.h>

#include <functional>
#include <stdexcept>

#include "api/request_parsing.h"
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
    ::testing::Values(
        Throws{"bad_request", [] { throw BadRequest("amps: expected 0..48"); }, 400,
               "amps: expected 0..48"},
        Throws{"runtime_error", [] { throw std::runtime_error("disk on fire"); }, 500,
               "internal error: disk on fire"},
        Throws{"logic_error", [] { throw std::logic_error("Result::value() on error"); }, 500,
               "internal error"},
        Throws{"json_of_our_own", [] { web::json::value::null().as_string(); }, 500,
               "internal error"},
        Throws{"bad_json_body",
               [] {
                 json_body(Request{"PUT", "/x", {}, "", "{oops"});
               },
               400, "not valid JSON"},
        Throws{"empty_body",
               [] {
                 json_body(Request{"PUT", "/x", {}, "", ""});
               },
               400, "needs a JSON object"},
        Throws{"array_body",
               [] {
                 json_body(Request{"PUT", "/x", {}, "", "[1]"});
               },
               400, "must be a JSON object"},
        Throws{"bad_query_int",
               [] {
                 query_int(Request{"GET", "/x", {{"amps", "12a"}}, "", ""}, "amps", 0, 48);
               },
               400, "query parameter amps: expected an integer 0..48, got \"12a\""}),
    [](const auto& info) { return std::string(info.param.name); });

struct QueryCase {
  const char* value;  // nullptr: parameter absent
  std::optional<long long> parsed;
  bool bad;
};

class QueryInt : public ::testing::TestWithParam<QueryCase> {};

TEST_P(QueryInt, ParsesInRangeOrThrowsBadRequest) {
  Request r{"GET", "/x", {}, "", ""};
  if (GetParam().value) r.query["amps"] = GetParam().value;
  if (GetParam().bad) {
    EXPECT_THROW(query_int(r, "amps", 0, 48), BadRequest);
  } else {
    EXPECT_EQ(query_int(r, "amps", 0, 48), GetParam().parsed);
  }
}

INSTANTIATE_TEST_SUITE_P(Values, QueryInt,
                         ::testing::Values(QueryCase{nullptr, std::nullopt, false},
                                           QueryCase{"0", 0, false}, QueryCase{"48", 48, false},
                                           QueryCase{"49", {}, true}, QueryCase{"-1", {}, true},
                                           QueryCase{"", {}, true}, QueryCase{" 5", {}, true},
                                           QueryCase{"5.0", {}, true}, QueryCase{"0x10", {}, true},
                                           QueryCase{"99999999999999999999999", {}, true}));

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
