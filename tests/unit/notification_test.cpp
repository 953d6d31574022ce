// Alert notifications (service/notify/): the bodies for a JSON webhook and for ntfy, the queue's
// retries and bounds with a recording Notifier, and what a log may show of the URL.
#include <cpprest/json.h>
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <vector>

#include "service/notify/notification_queue.h"
#include "service/notify/webhook_notifier.h"

namespace p15 {
namespace {

using namespace std::chrono_literals;

const TimePoint kSince{Seconds{1780000000}};  // 2026-05-28T20:26:40Z

Notification note(AlertEvent e, AlertKind k = AlertKind::CollectorStale) {
  return Notification{e, Alert{k, kSince, "rows 903 s old", "check the collector"},
                      kSince + Seconds{600}};
}

// Fails the first `failures` sends, then succeeds; records every attempt.
class FakeNotifier : public Notifier {
 public:
  explicit FakeNotifier(int failures = 0) : failures_(failures) {}
  Status send(const Notification& n) override {
    std::lock_guard lock(mu_);
    attempts_.push_back(n);
    if (failures_ > 0) {
      --failures_;
      return Error{"webhook https://example.invalid/... answered HTTP 503", ErrorKind::Unavailable};
    }
    return ok_status();
  }
  std::vector<Notification> attempts() {
    std::lock_guard lock(mu_);
    return attempts_;
  }

 private:
  std::mutex mu_;
  int failures_;
  std::vector<Notification> attempts_;
};

struct Counts {
  std::mutex mu;
  std::map<std::string, int> by_outcome;
  NotificationCounter counter() {
    return [this](const std::string& o) {
      std::lock_guard lock(mu);
      ++by_outcome[o];
    };
  }
  int operator[](const std::string& o) {
    std::lock_guard lock(mu);
    return by_outcome[o];
  }
};

NotificationQueueSettings quick(int attempts) {
  NotificationQueueSettings s;
  s.max_attempts = attempts;
  s.retry_pause = 5ms;
  return s;
}

TEST(NotificationQueue, SendsEachOnceInOrder) {
  FakeNotifier fake;
  Counts counts;
  NotificationQueue q(fake, quick(3), counts.counter());
  q.post(note(AlertEvent::Started));
  q.post(note(AlertEvent::Cleared));
  ASSERT_TRUE(q.wait_idle(2s));
  auto sent = fake.attempts();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].event, AlertEvent::Started);
  EXPECT_EQ(sent[1].event, AlertEvent::Cleared);
  EXPECT_EQ(counts["sent"], 2);
  EXPECT_EQ(counts["retried"], 0);
}

TEST(NotificationQueue, RetriesAFailureThenSucceeds) {
  FakeNotifier fake(2);
  Counts counts;
  NotificationQueue q(fake, quick(3), counts.counter());
  q.post(note(AlertEvent::Started));
  ASSERT_TRUE(q.wait_idle(2s));
  EXPECT_EQ(fake.attempts().size(), 3u);
  EXPECT_EQ(counts["retried"], 2);
  EXPECT_EQ(counts["sent"], 1);
  EXPECT_EQ(counts["failed"], 0);
}

TEST(NotificationQueue, GivesUpAfterMaxAttempts) {
  FakeNotifier fake(100);
  Counts counts;
  NotificationQueue q(fake, quick(3), counts.counter());
  q.post(note(AlertEvent::Started));
  q.post(note(AlertEvent::Cleared));
  ASSERT_TRUE(q.wait_idle(2s));
  EXPECT_EQ(fake.attempts().size(), 6u);  // 3 each, never more
  EXPECT_EQ(counts["failed"], 2);
  EXPECT_EQ(counts["sent"], 0);
}

// A notifier that blocks until released: post() must return at once all the same.
class BlockedNotifier : public Notifier {
 public:
  Status send(const Notification&) override {
    std::unique_lock lock(mu_);
    ++calls_;
    cv_.wait(lock, [this] { return released_; });
    return ok_status();
  }
  void release() {
    {
      std::lock_guard lock(mu_);
      released_ = true;
    }
    cv_.notify_all();
  }
  int calls() {
    std::lock_guard lock(mu_);
    return calls_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool released_ = false;
  int calls_ = 0;
};

TEST(NotificationQueue, PostNeverBlocksAndAFullQueueDrops) {
  BlockedNotifier blocked;
  Counts counts;
  NotificationQueueSettings s = quick(1);
  s.capacity = 2;
  NotificationQueue q(blocked, s, counts.counter());
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 6; ++i) q.post(note(AlertEvent::Started));
  EXPECT_LT(std::chrono::steady_clock::now() - start, 500ms);
  // One is being sent, two wait, the rest had no room.
  EXPECT_FALSE(q.wait_idle(50ms));
  EXPECT_GE(counts["dropped"], 3);
  blocked.release();
  ASSERT_TRUE(q.wait_idle(2s));
  EXPECT_EQ(counts["sent"] + counts["dropped"], 6);
  EXPECT_EQ(blocked.calls(), counts["sent"]);
}

TEST(WebhookBody, JsonCarriesEveryField) {
  const WebhookRequest r = webhook_request(note(AlertEvent::Started), WebhookFormat::Json);
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_TRUE(r.headers.empty());
  auto v = web::json::value::parse(r.body);
  EXPECT_EQ(v["event"].as_string(), "started");
  EXPECT_EQ(v["kind"].as_string(), "collector_stale");
  EXPECT_EQ(v["since"].as_string(), "2026-05-28T20:26:40Z");
  EXPECT_EQ(v["at"].as_string(), "2026-05-28T20:36:40Z");
  EXPECT_EQ(v["message"].as_string(), "rows 903 s old");
  EXPECT_EQ(v["action"].as_string(), "check the collector");
  EXPECT_EQ(v.as_object().size(), 7u);
}

TEST(WebhookBody, NtfyIsPlainTextWithTitleTagsPriority) {
  const WebhookRequest s = webhook_request(note(AlertEvent::Started), WebhookFormat::Ntfy);
  EXPECT_EQ(s.content_type, "text/plain; charset=utf-8");
  EXPECT_EQ(s.body.rfind("rows 903 s old\nWhat to do: check the collector", 0), 0u) << s.body;
  EXPECT_EQ(s.headers.at("Title"), "Project 15th Street: collector_stale");
  EXPECT_EQ(s.headers.at("Tags"), "warning,collector_stale");
  EXPECT_EQ(s.headers.at("Priority"), "4");
  const WebhookRequest c = webhook_request(note(AlertEvent::Cleared), WebhookFormat::Ntfy);
  EXPECT_EQ(c.headers.at("Title"), "Project 15th Street: collector_stale cleared");
  EXPECT_EQ(c.headers.at("Tags"), "white_check_mark,collector_stale");
  EXPECT_EQ(c.headers.at("Priority"), "3");
  EXPECT_NE(c.body.find("Cleared at 2026-05-28T20:36:40Z"), std::string::npos) << c.body;
}

TEST(WebhookUrl, LogsShowSchemeAndHostOnly) {
  EXPECT_EQ(redacted_url("https://ntfy.sh/my-secret-topic"), "https://ntfy.sh/...");
  EXPECT_EQ(redacted_url("https://user:pw@hooks.example.com/T0/B1/xyz?token=1"),
            "https://hooks.example.com/...");
  EXPECT_EQ(redacted_url("http://127.0.0.1:9000"), "http://127.0.0.1:9000");
  EXPECT_EQ(redacted_url("not a url"), "(a webhook URL)");
}

TEST(WebhookNotifier, AnUnreachableHookIsAnErrorWithoutThePath) {
  WebhookNotifier n("http://127.0.0.1:1/secret-topic", WebhookFormat::Json, 2s);
  const Status st = n.send(note(AlertEvent::Started));
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().message.find("secret-topic"), std::string::npos) << st.error().message;
  EXPECT_NE(st.error().message.find("http://127.0.0.1:1/..."), std::string::npos)
      << st.error().message;
}

}  // namespace
}  // namespace p15
