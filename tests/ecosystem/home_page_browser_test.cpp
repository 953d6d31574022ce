// Issue 17's proof: the owner's page in a real browser (headless Debian Chromium through
// tests/ecosystem/home_page_browser.mjs) on the production topology of a simulated home, in real
// time as `bash scripts/run.sh` runs it: p15-sim (Tesla's cloud, the Powerwall gateway, the Wall
// Connector, the house and the car), p15-collector writing the rows, p15-service deciding, and a
// local webhook receiver for the alerts' notifications. Screenshots and axe-core's findings stay
// in <build>/artifacts/home-*.
#include <cpprest/http_listener.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <mutex>
#include <thread>

#include "tests/e2e/sim_home.h"
#include "tests/ecosystem/eco_fixture.h"
#include "tests/support/http.h"

namespace p15::test {
namespace {

// Takes every POST to /hook and keeps its body: what the service notified, and how often.
class WebhookReceiver {
 public:
  WebhookReceiver() : port_(free_port()), listener_(url()) {
    listener_.support(web::http::methods::POST, [this](web::http::http_request req) {
      const std::string body = req.extract_utf8string(true).get();
      {
        std::lock_guard lock(mu_);
        bodies_.push_back(body);
      }
      req.reply(web::http::status_codes::OK, "ok");
    });
    listener_.open().wait();
  }
  ~WebhookReceiver() { listener_.close().wait(); }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/hook"; }
  std::vector<std::string> bodies() const {
    std::lock_guard lock(mu_);
    return bodies_;
  }

 private:
  int port_;
  web::http::experimental::listener::http_listener listener_;
  mutable std::mutex mu_;
  std::vector<std::string> bodies_;
};

// The simulated home as scripts/run.sh starts it, at 60 simulated seconds per real second.
struct LiveHome : SimHome {
  LiveHome() : SimHome("p15-home-page") {}

  bool has_rows() {
    for (const char* table : {"battery_model", "vehicle_model"}) {
      auto n = db.scalar(std::string("SELECT COUNT(*) FROM ") + table);
      if (!n || *n == "0") return false;
    }
    return true;
  }

  void start(const std::string& webhook_url) {
    start_sim({"--speed", "60", "--dataset", "opsd", "--start", "2016-06-15T10:30", "--plug",
               "always", "--car-soc", "30", "--powerwall-soc", "92"});
    start_collector();
    // The service starts on the collector's first rows, as a home's does: no rows at all would
    // be a (true, but here unwanted) collector_stale alert and notification of its own.
    for (int i = 0; i < 100 && !has_rows(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    // Rows older than 6 s are stale: a paused collector shows within seconds.
    service = std::make_unique<ServiceProcess>(
        config_yaml(db.config(), 0,
                    "poll:\n  interval_s: 1\n  stale_after_s: 6\n  autostart: true\n"
                    "policy:\n  name: smart\n" +
                        tesla_yaml(30) + "collector:\n  url: \"" + collector->base_url() +
                        "\"\nnotifications:\n  webhook_url: \"" + webhook_url + "\"\n"),
        std::map<std::string, std::string>{{"P15_SERVICE_HOME_DIR", web_dir()},
                                           {"P15_SERVICE_UI_DIR", ui_dir()}});
  }
};

int count_with(const std::vector<std::string>& bodies, const std::string& a, const std::string& b) {
  int n = 0;
  for (const auto& body : bodies) {
    if (body.find(a) != std::string::npos && body.find(b) != std::string::npos) ++n;
  }
  return n;
}

TEST(HomePageBrowser, EveryCardLiveEventsModeAlertsSessionsScreenshotsAndAxe) {
  if (access("/usr/bin/chromium", X_OK) != 0) {
    FAIL() << "/usr/bin/chromium not found: install Debian's chromium (scripts/install-deps.sh)";
  }
  WebhookReceiver hook;
  LiveHome home;
  home.start(hook.url());
  // A few cycles of charging before the browser looks: a session, a ledger, today's points.
  std::this_thread::sleep_for(std::chrono::seconds(8));
  RunResult r =
      run_node({eco_script("home_page_browser.mjs"), "--base", home.service->base_url(), "--root",
                "/project_15th_street", "--artifacts", artifact_path(""), "--collector-pid",
                std::to_string(home.collector->pid()), "--timeout-ms", "45000"},
               420);
  std::ofstream(artifact_path("home-page-browser.txt")) << r.output;
  EXPECT_EQ(r.exit_code, 0) << r.output << "\n--- service log tail ---\n"
                            << home.service->log().substr(home.service->log().size() > 6000
                                                              ? home.service->log().size() - 6000
                                                              : 0);
  EXPECT_NE(r.output.find("\nPASS"), std::string::npos) << r.output;
  for (const char* shot : {"home-1280.png", "home-390.png"}) {
    ASSERT_TRUE(std::filesystem::exists(artifact_path(shot))) << shot;
    EXPECT_GT(std::filesystem::file_size(artifact_path(shot)), 30000u) << shot << " looks blank";
  }
  // The page's mode change reached this service and its database.
  EXPECT_NE(home.service->log().find("method=PUT path=/project_15th_street/vehicles/"),
            std::string::npos);
  // The notifications: exactly one when the collector's rows went stale, one when they came back.
  std::this_thread::sleep_for(std::chrono::seconds(2));  // the notifier's queue drains
  const auto bodies = hook.bodies();
  std::string all;
  for (const auto& b : bodies) all += b + "\n";
  EXPECT_EQ(count_with(bodies, "collector_stale", "started"), 1) << all;
  EXPECT_EQ(count_with(bodies, "collector_stale", "cleared"), 1) << all;
  std::ofstream(artifact_path("home-webhook.txt")) << all;
}

}  // namespace
}  // namespace p15::test
