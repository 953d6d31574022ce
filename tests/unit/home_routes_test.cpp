// The owner's page's routes and the event stream's fan-out (api/home_routes.h, api/event_hub.h),
// without a socket: the frames, who gets them, and the state's JSON.
#include "api/home_routes.h"

#include <gtest/gtest.h>

#include "api/event_hub.h"
#include "tests/unit/api_fakes.h"

namespace p15::api {
namespace {

const std::string kRoot = "/project_15th_street";

TEST(SseFrame, PutsEachLineOfTheDataOnItsOwnDataLine) {
  EXPECT_EQ(sse_frame("state", "{\"a\":1}", 4), "event: state\nid: 4\ndata: {\"a\":1}\n\n");
  EXPECT_EQ(sse_frame("note", "one\ntwo", 5), "event: note\nid: 5\ndata: one\ndata: two\n\n");
}

struct Client {
  std::vector<std::string> chunks;
  bool alive = true;
  int closed = 0;
  EventHub::Subscriber subscriber() {
    return {[this](const std::string& c) {
              if (!alive) return false;
              chunks.push_back(c);
              return true;
            },
            [this] { ++closed; }};
  }
};

TEST(EventHub, SendsEveryEventToEverySubscriberAndDropsThoseThatLeft) {
  EventHub hub(std::chrono::milliseconds(0));
  Client a, b;
  hub.subscribe(a.subscriber());
  hub.subscribe(b.subscriber());
  hub.publish("state", "1");
  b.alive = false;  // the browser tab was closed
  hub.publish("state", "2");
  hub.publish("state", "3");
  EXPECT_EQ(a.chunks.size(), 3u);
  EXPECT_EQ(a.chunks[2], "event: state\nid: 3\ndata: 3\n\n");
  EXPECT_EQ(b.chunks.size(), 1u);
  EXPECT_EQ(b.closed, 1);
  EXPECT_EQ(hub.subscribers(), 1u);
  EXPECT_EQ(hub.events_sent(), 3u);
}

TEST(EventHub, UnsubscribedClientsGetNothingAndCloseAllEndsTheRest) {
  EventHub hub(std::chrono::milliseconds(0));
  Client a, b;
  const auto ha = hub.subscribe(a.subscriber());
  hub.subscribe(b.subscriber());
  hub.unsubscribe(ha);
  hub.publish("state", "x");
  EXPECT_TRUE(a.chunks.empty());
  hub.close_all();
  EXPECT_EQ(b.closed, 1);
  EXPECT_EQ(a.closed, 0);
  // After close_all (the service stops) a new client is closed at once.
  Client c;
  EXPECT_EQ(hub.subscribe(c.subscriber()), 0u);
  EXPECT_EQ(c.closed, 1);
  EXPECT_EQ(hub.subscribers(), 0u);
}

TEST(EventHub, KeepsIdleConnectionsAliveWithComments) {
  EventHub hub(std::chrono::milliseconds(20));
  Client a;
  hub.subscribe(a.subscriber());
  for (int i = 0; i < 100 && a.chunks.empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  hub.close_all();
  ASSERT_FALSE(a.chunks.empty());
  EXPECT_EQ(a.chunks[0], ": keep-alive\n\n");
}

HomeView a_view() {
  HomeView v;
  v.at = kFakeNow;
  v.has_powerwall = v.has_vehicle = true;
  v.flow = {3000.4, 1200, -500, 0, 2300};
  v.powerwall = {64.44, 20, -500, false, std::string("Active")};
  v.car = {kFakeVin, 10, 2.3, 55, 80, true, "online", false, "Charging"};
  v.target_soc = 80;
  v.time_to_target_s = 3600;
  v.decision = DecisionView{10,
                            "keep",
                            "smart",
                            "surplus: 10 A wanted, 10 A set",
                            "charging at 10 A (2.4 kW) from surplus solar",
                            kFakeNow,
                            77};
  return v;
}

TEST(HomeStateRoute, AnswersTheLiveViewAsJson) {
  FakeService fake;
  fake.home = a_view();
  fake.alerts = {Alert{AlertKind::CollectorStale, kFakeNow, "rows 400 s old", "check it"}};
  Router router;
  fake.serve(router);
  Response r = router.dispatch({"GET", kRoot + "/home/state", {}, "", "", ""});
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = web::json::value::parse(r.body);
  EXPECT_EQ(j["power"]["solar_w"].as_integer(), 3000);
  EXPECT_EQ(j["powerwall"]["soc_percent"].as_double(), 64.4);
  EXPECT_EQ(j["powerwall"]["grid_status"].as_string(), "Active");
  EXPECT_EQ(j["car"]["plugged_in"].as_bool(), true);
  EXPECT_EQ(j["car"]["time_to_target_s"].as_integer(), 3600);
  EXPECT_EQ(j["decision"]["record_id"].as_integer(), 77);
  EXPECT_EQ(j["decision"]["explanation"].as_string(),
            "charging at 10 A (2.4 kW) from surplus solar");
  EXPECT_EQ(j["mode"]["source"].as_string(), "default");
  EXPECT_EQ(j["stale"].as_bool(), false);
  ASSERT_EQ(j["alerts"].size(), 1u);
  EXPECT_EQ(j["alerts"][0]["kind"].as_string(), "collector_stale");
  EXPECT_EQ(j["alerts"][0]["since"].as_string(), "2026-05-28T20:26:40Z");
}

TEST(HomeStateRoute, ShowsNoRowsAsNullsNotZeros) {
  FakeService fake;
  fake.home.at = kFakeNow;
  fake.home.stale = true;
  Router router;
  fake.serve(router);
  auto j =
      web::json::value::parse(router.dispatch({"GET", kRoot + "/home/state", {}, "", "", ""}).body);
  EXPECT_TRUE(j["power"].is_null());
  EXPECT_TRUE(j["powerwall"].is_null());
  EXPECT_TRUE(j["car"].is_null());
  EXPECT_TRUE(j["decision"].is_null());
  EXPECT_EQ(j["stale"].as_bool(), true);
}

TEST(EventsRoute, OpensAStreamThatStartsWithTheStateNow) {
  FakeService fake;
  fake.home = a_view();
  Router router;
  fake.serve(router);
  Response r = router.dispatch({"GET", kRoot + "/events", {}, "", "", ""});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "text/event-stream");
  EXPECT_EQ(r.events, fake.events);
  EXPECT_EQ(r.body.rfind("retry: 3000\n\nevent: state\nid: 0\ndata: {", 0), 0u) << r.body;
  EXPECT_NE(r.body.find("\"record_id\":77"), std::string::npos);
}

TEST(HomePageRoutes, SendTheBrowserToTheDirectoryAndRefuseEscapes) {
  FakeService fake;
  Router router;
  fake.serve(router);
  Response dir = router.dispatch({"GET", kRoot + "/home", {}, "", "", ""});
  EXPECT_EQ(dir.status, 200);
  EXPECT_NE(dir.body.find("url=home/"), std::string::npos);
  EXPECT_EQ(router.dispatch({"GET", kRoot + "/home/../secret", {}, "", "", ""}).status, 400);
  EXPECT_EQ(router.dispatch({"GET", kRoot + "/home/vendor/../../x", {}, "", "", ""}).status, 400);
}

TEST(HomePageRoutes, ServeThePageAndUplotFromTheHomeDirectory) {
  FakeService fake;
  ServiceConfig service;
  service.home_dir = std::string(P15_SOURCE_DIR) + "/web";
  Router router;
  register_home_routes(router, service, fake.use_cases());
  Response page = router.dispatch({"GET", kRoot + "/home/", {}, "", "", ""});
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(page.content_type, "text/html; charset=utf-8");
  EXPECT_NE(page.body.find("<script src=\"home.js\">"), std::string::npos);
  EXPECT_EQ(router.dispatch({"GET", kRoot + "/home/home.js", {}, "", "", ""}).status, 200);
  Response uplot =
      router.dispatch({"GET", kRoot + "/home/vendor/uPlot.iife.min.js", {}, "", "", ""});
  EXPECT_EQ(uplot.status, 200) << "npm ci --prefix web (scripts/install-deps.sh) installs uPlot";
  EXPECT_EQ(uplot.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(router.dispatch({"GET", kRoot + "/home/nope.js", {}, "", "", ""}).status, 404);
}

TEST(HomePageRoutes, AnswerWhatToInstallWhenTheFilesAreMissing) {
  FakeService fake;
  ServiceConfig service;
  service.home_dir = "/nonexistent/web";
  Router router;
  register_home_routes(router, service, fake.use_cases());
  Response page = router.dispatch({"GET", kRoot + "/home/", {}, "", "", ""});
  EXPECT_EQ(page.status, 503);
  EXPECT_NE(page.body.find("service.home_dir"), std::string::npos) << page.body;
  Response uplot =
      router.dispatch({"GET", kRoot + "/home/vendor/uPlot.iife.min.js", {}, "", "", ""});
  EXPECT_EQ(uplot.status, 503);
  EXPECT_NE(uplot.body.find("npm ci --prefix web"), std::string::npos) << uplot.body;
}

}  // namespace
}  // namespace p15::api
