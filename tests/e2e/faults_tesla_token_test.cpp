// Fault matrix, Tesla's tokens: an access token that expires mid-run is renewed with the
// single-use refresh token (rotated on disk before the new token is used), and a refresh Tesla
// refuses latches with what to do. Against the model's OAuth endpoint, over HTTPS.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "tests/e2e/fault_matrix.h"
#include "tests/e2e/fixtures.h"

namespace p15::test {
namespace {

using namespace std::chrono_literals;

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream(path) << text << "\n";
  ::chmod(path.c_str(), 0600);
}

class TeslaTokenFault : public ServiceE2E {
 protected:
  // A token pair issued by the model's OAuth server that lives `lifetime`; the service reads the
  // access token from a file and may refresh it.
  void start_with_issued_tokens(std::chrono::seconds lifetime, bool refresh_fails) {
    dir_ = std::filesystem::temp_directory_path() /
           ("p15-token-" + std::to_string(::getpid()) + "-" + std::to_string(++serial_));
    std::filesystem::create_directories(dir_);
    fleet_.with_front([&](sim::TeslaFront& f) {
      f.auth() = sim::TeslaAuth(sim::AuthSettings{lifetime});
      pair_ = f.auth().issue(tesla_now());
      f.auth().fail_refreshes(refresh_fails);
    });
    write_file(access_file(), pair_.access_token);
    write_file(refresh_file(), pair_.refresh_token);
    db_.insert_battery(powerwall_flat(Flows{6000, 500, -5000, -500}), utc_sql_time(-5));
    db_.insert_vehicle(vehicle_json(Car{}), utc_sql_time(-5));
    start_service("", true,
                  {{"P15_VEHICLE_FLEET_TOKEN", ""},
                   {"P15_VEHICLE_FLEET_TOKEN_FILE", access_file()},
                   {"P15_VEHICLE_FLEET_CLIENT_ID", "p15-sim"},
                   {"P15_VEHICLE_FLEET_REFRESH_TOKEN_FILE", refresh_file()},
                   {"P15_VEHICLE_FLEET_AUTH_URL", fleet_.base_url() + "/oauth2/v3/token"}});
  }
  void TearDown() override {
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }
  std::string access_file() const { return (dir_ / "access-token").string(); }
  std::string refresh_file() const { return (dir_ / "refresh-token").string(); }

  // No token the model ever issued appears in the log, an answer or the metrics.
  void expect_no_token_shown(const std::string& answers) {
    std::string all_tokens;
    const std::string shown = service_->log() + answers + get("/metrics").body;
    for (const std::string& t : {pair_.access_token, pair_.refresh_token, read_file(access_file()),
                                 read_file(refresh_file())}) {
      std::string token = t;
      while (!token.empty() && token.back() == '\n') token.pop_back();
      if (token.size() > 8) EXPECT_FALSE(contains(shown, token)) << "a token is shown";
    }
  }

  std::filesystem::path dir_;
  sim::TokenPair pair_;
  static inline int serial_ = 0;
};

TEST_F(TeslaTokenFault, ExpiredTokenIsRefreshedAndTheRotatedRefreshTokenIsOnDisk) {
  start_with_issued_tokens(2s, false);
  auto first = get(root() + "/manage-vehicle");
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_TRUE(first.json()["done"].as_bool()) << first.body;
  advance_tesla_clock(3s);  // the access token expires
  fleet_.clear_requests();
  auto second = get(root() + "/manage-vehicle");
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_TRUE(second.json()["done"].as_bool()) << second.body;
  const std::vector<std::string> want{"POST set_charging_amps 401", "POST token 200",
                                      "POST set_charging_amps 200", "POST charge_start 200"};
  EXPECT_EQ(fleet_calls(fleet_.requests()), want);
  std::string rotated;
  fleet_.with_front([&](sim::TeslaFront& f) { rotated = f.auth().current_refresh_token(); });
  std::string on_disk = read_file(refresh_file());
  while (!on_disk.empty() && on_disk.back() == '\n') on_disk.pop_back();
  EXPECT_EQ(on_disk, rotated) << "the rotated refresh token is what the file holds";
  EXPECT_NE(on_disk, pair_.refresh_token);
  struct stat st {};
  ASSERT_EQ(::stat(refresh_file().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(get("/healthcheck").status, 200);
  const std::string log = service_->log();
  EXPECT_TRUE(contains(log, "access token renewed after a 401")) << log;
  expect_no_token_shown(first.body + second.body);
  record_matrix_row(
      "3-tesla-21_token_expires",
      {"the access token expires mid-run (lifetime 2 s here, 8 h at Tesla)",
       calls_text(want) + "; the rotated refresh token written to "
                          "`vehicle.fleet_refresh_token_file` (0600) before the new access token "
                          "was used; the command sent once more",
       "`GET /manage-vehicle` 200 (call 2) `done:true`; `/healthcheck` 200; log " +
           code("vehicle: access token renewed after a 401; sending again") +
           "; no token in the log, the answers or the metrics"});
}

TEST_F(TeslaTokenFault, RefusedRefreshLatchesWithWhatToDo) {
  start_with_issued_tokens(1s, true);
  advance_tesla_clock(2s);  // the access token expires
  auto r = get(root() + "/manage-vehicle");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_FALSE(r.json()["done"].as_bool());
  auto again = get(root() + "/manage-vehicle");
  const std::vector<std::string> want{"POST set_charging_amps 401", "POST token 401"};
  EXPECT_EQ(fleet_calls(fleet_.requests()), want) << "nothing after the refused refresh";
  auto health = get("/healthcheck");
  EXPECT_EQ(health.status, 503) << health.body;
  const std::string why =
      "vehicle.fleet_refresh_token_file: refresh refused (401 login_required): get a new refresh "
      "token";
  EXPECT_TRUE(contains(health.body, "vehicle: token rejected (401); commands stopped"))
      << health.body;
  EXPECT_TRUE(contains(health.body, why)) << health.body;
  const std::string log = service_->log();
  EXPECT_TRUE(contains(log, why)) << log;
  expect_no_token_shown(r.body + again.body + health.body);
  record_matrix_row(
      "3-tesla-22_refresh_refused",
      {"the token expired and Tesla refuses the refresh (`login_required`)", calls_text(want),
       "`GET /manage-vehicle` 200 `done:false`; `/healthcheck` 503 " +
           code("vehicle: token rejected (401); commands stopped: ...") + " naming " + code(why) +
           ", as the log does"});
}

}  // namespace
}  // namespace p15::test
