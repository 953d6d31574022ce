// The proof for alerts: a real p15-service on a real MariaDB, polling every second, with
// a webhook receiver on loopback. The collector's rows stop (they go stale): GET /alerts shows
// collector_stale and the receiver gets exactly one POST over several cycles; the rows come back:
// the alert clears and exactly one more POST arrives, again over several cycles.
#include <cpprest/http_listener.h>
#include <gtest/gtest.h>

#include <mutex>
#include <thread>

#include "tests/e2e/fault_matrix.h"
#include "tests/e2e/fixtures.h"

namespace p15::test {
namespace {

using web::json::value;
using namespace std::chrono_literals;

// Records every request it gets; answers 200.
class WebhookReceiver {
 public:
  struct Hit {
    std::string method, path, content_type, body;
    std::map<std::string, std::string> headers;
  };
  WebhookReceiver() : port_(free_port()) {
    listener_ = std::make_unique<web::http::experimental::listener::http_listener>(
        "http://127.0.0.1:" + std::to_string(port_));
    listener_->support([this](web::http::http_request req) {
      Hit h{req.method(),
            req.relative_uri().path(),
            req.headers().content_type(),
            req.extract_utf8string(true).get(),
            {}};
      for (const auto& [k, v] : req.headers()) h.headers[k] = v;
      {
        std::lock_guard lock(mu_);
        hits_.push_back(std::move(h));
      }
      req.reply(200).wait();
    });
    listener_->open().wait();
  }
  ~WebhookReceiver() { listener_->close().wait(); }
  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  std::vector<Hit> hits() {
    std::lock_guard lock(mu_);
    return hits_;
  }

 private:
  int port_;
  std::unique_ptr<web::http::experimental::listener::http_listener> listener_;
  std::mutex mu_;
  std::vector<Hit> hits_;
};

// Writes a fresh pair of rows every 500 ms while `on`, as a running collector does.
class RowWriter {
 public:
  explicit RowWriter(TestDatabase& db) : db_(db) {
    thread_ = std::thread([this] {
      while (!stop_) {
        if (on_) write();
        std::this_thread::sleep_for(500ms);
      }
    });
  }
  ~RowWriter() {
    stop_ = true;
    thread_.join();
  }
  void set(bool on) { on_ = on; }
  void write() {
    std::lock_guard lock(mu_);
    db_.insert_battery(powerwall_flat(Flows{6000, 500, -5000, -500}), utc_sql_time(0));
    db_.insert_vehicle(vehicle_json(Car{}), utc_sql_time(0));
  }

 private:
  TestDatabase& db_;
  std::mutex mu_;
  std::atomic<bool> on_{true}, stop_{false};
  std::thread thread_;
};

class AlertsE2E : public ServiceE2E {
 protected:
  long long cycles() { return get(root() + "/status-poll").json()["cycles"].as_integer(); }
  std::vector<std::string> alert_kinds() {
    auto r = get(root() + "/alerts");
    std::vector<std::string> kinds;
    if (r.status != 200) return {"status " + std::to_string(r.status)};
    const value body = r.json();  // kept: the loop below walks into it
    for (const auto& a : body.at("alerts").as_array()) kinds.push_back(a.at("kind").as_string());
    return kinds;
  }
  // Waits until `n` more cycles have run.
  bool more_cycles(long long n) {
    const long long until = cycles() + n;
    return eventually([&] { return cycles() >= until; }, 20s);
  }
};

TEST_F(AlertsE2E, StaleRowsAlertOnceAndClearOnceWithOnePostEach) {
  WebhookReceiver hook;
  RowWriter rows(db_);
  rows.write();
  start_service("poll:\n  interval_s: 1\n  stale_after_s: 3\n  autostart: true\n", false,
                {{"P15_NOTIFICATIONS_WEBHOOK_URL", hook.url("/hook/p15-secret-topic")}});

  // Fresh rows: cycles run, nothing is wrong, nothing is sent.
  ASSERT_TRUE(more_cycles(3)) << service_->log();
  EXPECT_EQ(alert_kinds(), std::vector<std::string>{}) << get(root() + "/alerts").body;
  EXPECT_TRUE(hook.hits().empty());

  // The collector stops: within stale_after_s the rows are too old.
  rows.set(false);
  ASSERT_TRUE(
      eventually([&] { return alert_kinds() == std::vector<std::string>{"collector_stale"}; }, 20s))
      << get(root() + "/alerts").body << service_->log();
  auto alerts = get(root() + "/alerts").json()["alerts"];
  const std::string message = alerts[0]["message"].as_string();
  EXPECT_TRUE(contains(message, "s old (limit 3 s, poll.stale_after_s)")) << message;
  EXPECT_FALSE(alerts[0]["action"].as_string().empty());
  const std::string since = alerts[0]["since"].as_string();
  ASSERT_TRUE(more_cycles(4)) << service_->log();
  EXPECT_EQ(alert_kinds(), std::vector<std::string>{"collector_stale"});
  EXPECT_EQ(get(root() + "/alerts").json()["alerts"][0]["since"].as_string(), since)
      << "the same alert goes on, its since unchanged";
  ASSERT_TRUE(eventually([&] { return hook.hits().size() >= 1; }, 10s));
  auto hits = hook.hits();
  ASSERT_EQ(hits.size(), 1u) << "one POST for the start over several stale cycles";
  EXPECT_EQ(hits[0].method, "POST");
  EXPECT_EQ(hits[0].path, "/hook/p15-secret-topic");
  EXPECT_EQ(hits[0].content_type, "application/json");
  value started = value::parse(hits[0].body);
  EXPECT_EQ(started["event"].as_string(), "started");
  EXPECT_EQ(started["kind"].as_string(), "collector_stale");
  EXPECT_EQ(started["since"].as_string(), since);
  const std::string metrics = get("/metrics").body;
  EXPECT_EQ(metric_value(metrics, "p15_alerts_active{kind=\"collector_stale\"}"), 1) << metrics;

  // The collector is back: the alert clears, one more POST.
  rows.set(true);
  ASSERT_TRUE(eventually([&] { return alert_kinds().empty(); }, 20s))
      << get(root() + "/alerts").body;
  ASSERT_TRUE(more_cycles(4)) << service_->log();
  EXPECT_EQ(alert_kinds(), std::vector<std::string>{});
  ASSERT_TRUE(eventually([&] { return hook.hits().size() >= 2; }, 10s));
  std::this_thread::sleep_for(1500ms);  // a second POST for the same end would arrive by now
  hits = hook.hits();
  ASSERT_EQ(hits.size(), 2u) << "one POST for the end";
  value cleared = value::parse(hits[1].body);
  EXPECT_EQ(cleared["event"].as_string(), "cleared");
  EXPECT_EQ(cleared["kind"].as_string(), "collector_stale");
  EXPECT_EQ(cleared["since"].as_string(), since);
  const std::string after = get("/metrics").body;
  EXPECT_EQ(metric_value(after, "p15_alerts_active{kind=\"collector_stale\"}"), 0) << after;
  EXPECT_EQ(metric_value(after, "p15_notifications_total{outcome=\"sent\"}"), 2) << after;
  EXPECT_EQ(metric_value(after, "p15_notifications_total{outcome=\"failed\"}"), 0) << after;
  // The topic in the URL is a secret: the log names the host only.
  EXPECT_FALSE(contains(service_->log(), "p15-secret-topic")) << service_->log();
  EXPECT_TRUE(contains(service_->log(), "notifications: json to http://127.0.0.1:"));
}

// An ntfy topic: the body is the plain-text message, the rest in ntfy's headers.
TEST_F(AlertsE2E, NtfyFormatPostsPlainText) {
  WebhookReceiver hook;
  start_service("poll:\n  interval_s: 1\n  autostart: true\nnotifications:\n  format: ntfy\n",
                false, {{"P15_NOTIFICATIONS_WEBHOOK_URL", hook.url("/p15-topic")}});
  // No rows at all: collector_stale ("battery_model has no rows").
  ASSERT_TRUE(eventually([&] { return !hook.hits().empty(); }, 20s)) << service_->log();
  ASSERT_TRUE(more_cycles(3));
  auto hits = hook.hits();
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].content_type, "text/plain; charset=utf-8");
  EXPECT_TRUE(contains(hits[0].body, "battery_model has no rows")) << hits[0].body;
  EXPECT_EQ(hits[0].headers["Title"], "Project 15th Street: collector_stale");
  EXPECT_EQ(hits[0].headers["Tags"], "warning,collector_stale");
  EXPECT_EQ(hits[0].headers["Priority"], "4");
  EXPECT_TRUE(contains(hits[0].body, "\nWhat to do: Check that p15-collector is running"))
      << hits[0].body;
}

}  // namespace
}  // namespace p15::test
