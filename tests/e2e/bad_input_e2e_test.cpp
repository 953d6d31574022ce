// Malformed requests thrown at the real service over a raw socket (no HTTP client to tidy them):
// bad query values, odd and huge paths, unknown methods, broken percent-encoding, oversized
// headers and bodies. None may get a 5xx, kill the service or reach a handler that changes state.
#include <gtest/gtest.h>

#include "tests/e2e/fixtures.h"

namespace p15::test {
namespace {

constexpr const char* kApiToken = "bad-input-token-1234";

struct Malformed {
  const char* name;
  std::string request;  // the raw bytes sent
  int status;           // the exact answer expected
};

std::string get_line(const std::string& target, const std::string& headers = "") {
  return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers +
         "Connection: close\r\n\r\n";
}

std::string with_body(const std::string& method, const std::string& target, const std::string& body,
                      const std::string& headers = "") {
  return method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers +
         "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

const std::string R = "/project_15th_street";

std::vector<Malformed> malformed_requests() {
  std::string big(200 * 1024, 'a');
  std::string many_headers;
  for (int i = 0; i < 2000; ++i) many_headers += "X-H" + std::to_string(i) + ": v\r\n";
  return {
      // Query strings: no route takes parameters, so odd ones are ignored, never fatal.
      {"query_bad_percent", get_line(R + "/battery-status?x=%zz"), 400},
      {"query_truncated_percent", get_line(R + "/battery-status?x=%4"), 400},
      {"query_nul", get_line(R + "/battery-status?x=%00"), 200},
      {"query_odd_pairs", get_line(R + "/battery-status?&&=&a==b&%20"), 200},
      {"query_invalid_utf8", get_line(R + "/battery-status?x=%FF%FE"), 200},
      {"query_huge", get_line(R + "/battery-status?x=" + std::string(60000, 'q')), 200},
      {"query_on_guarded_route", get_line(R + "/manage-vehicle?amps=-5"), 401},
      // Paths.
      {"path_bad_percent", get_line(R + "/%zz"), 400},
      {"path_lone_percent", get_line(R + "/%"), 400},
      {"path_encoded_nul", get_line(R + "/battery-status%00"), 404},
      {"path_invalid_utf8", get_line(R + "/%C0%AF%FF"), 404},
      {"path_raw_high_bytes", get_line("/\xff\xfe"), 400},
      {"path_space", get_line("/a b"), 400},
      {"path_huge", get_line("/" + std::string(60000, 'p')), 404},
      {"path_dot_segments", get_line(R + "/ui/..%2F..%2Fetc%2Fpasswd"), 400},
      {"path_double_slash", get_line(R + "//battery-status"), 404},
      {"path_unknown", get_line("/etc/passwd"), 404},
      {"path_absolute_form", get_line("http://elsewhere" + R + "/battery-status"), 200},
      // Methods.
      {"method_unknown", "BREW " + R + "/battery-status HTTP/1.1\r\nHost: x\r\n\r\n", 405},
      {"method_put_on_get_route", with_body("PUT", R + "/start-poll", "{}"), 405},
      {"method_delete_healthcheck", with_body("DELETE", "/healthcheck", ""), 405},
      {"method_post_unknown_path", with_body("POST", R + "/nope", "{\"a\":1}"), 404},
      // Headers and bodies.
      {"header_huge", get_line("/metrics", "X-Big: " + big + "\r\n"), 200},
      {"header_many", get_line("/metrics", many_headers), 200},
      {"auth_huge", get_line(R + "/start-poll", "Authorization: Bearer " + big + "\r\n"), 401},
      {"auth_binary", get_line(R + "/start-poll", "Authorization: Bearer \x01\xff\r\n"), 401},
      {"content_length_not_a_number", get_line("/metrics", "Content-Length: abc\r\n"), 200},
      {"body_not_json", with_body("PUT", R + "/battery-status", "{{{not json"), 405},
      {"body_over_the_limit", with_body("PUT", R + "/battery-status", std::string(70000, 'b')),
       413},
      // Not HTTP at all.
      {"garbage_line", "GARBAGE\r\n\r\n", 400},
      {"http_0_9", "GET /metrics\r\n\r\n", 400},
      {"empty_lines", "\r\n\r\n", 400},
  };
}

class BadInputE2E : public ServiceE2E {};

TEST_F(BadInputE2E, NoMalformedRequestGetsA5xxOrChangesState) {
  db_.insert_battery(powerwall_flat(Flows{6000, 500, -5000, -500}), utc_sql_time(-2));
  db_.insert_vehicle(vehicle_json(Car{}), utc_sql_time(-2));
  start_service("", true, {{"P15_SERVICE_API_TOKEN", kApiToken}});
  for (const auto& m : malformed_requests()) {
    std::string response;
    int status = raw_http(service_->port(), m.request, response, 5000);
    EXPECT_EQ(status, m.status) << m.name << ": " << response.substr(0, 300);
    EXPECT_FALSE(status >= 500) << m.name << ": " << response.substr(0, 300);
    // Our own answers (all but cpprest's parser's bare 400s) are JSON naming the problem.
    if (status >= 400 && response.find("Content-Type: application/json") != std::string::npos) {
      auto body = response.substr(response.find("\r\n\r\n") + 4);
      auto json = HttpResult{status, body, "", {}}.json();
      EXPECT_TRUE(json.has_field("error")) << m.name << ": " << body;
    }
  }
  // Still alive and unharmed: nothing recorded, nothing sent, no handler fault.
  EXPECT_EQ(get("/healthcheck").status, 200);
  EXPECT_TRUE(db_.query("SELECT id FROM smart_charger_model").empty());
  EXPECT_TRUE(fleet_.requests().empty());
  EXPECT_EQ(service_->log().find("handler failed"), std::string::npos) << service_->log();
  EXPECT_EQ(service_->stop(), 0) << service_->log();
}

}  // namespace
}  // namespace p15::test
