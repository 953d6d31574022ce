// Several threads hammer start-poll, stop-poll, status-poll, battery-status and manage-vehicle
// while the loop runs a cycle every second. Afterwards the books must balance: the starts and
// stops alternated, one loop ran (cycles match the time it ran), one decision row per recorded
// cycle or manage-vehicle call, and the metrics say the same; the service never crashed.
#include <gtest/gtest.h>

#include <atomic>
#include <iostream>
#include <regex>
#include <thread>

#include "tests/e2e/fixtures.h"

namespace p15::test {
namespace {

using Clock = std::chrono::steady_clock;

constexpr const char* kApiToken = "concurrency-token-5678";

struct Tally {
  std::atomic<int> started{0}, not_started{0}, stopped{0}, not_stopped{0};
  std::atomic<int> managed{0}, batteries{0}, statuses{0};
  std::atomic<int> unexpected{0};
  std::mutex mu;
  std::vector<std::string> problems;
  void problem(const std::string& p) {
    ++unexpected;
    std::lock_guard lock(mu);
    if (problems.size() < 20) problems.push_back(p);
  }
};

// The value of a sample "name{labels} value" in Prometheus text, summed over its label sets.
double metric_sum(const std::string& text, const std::string& name) {
  std::regex line("(^|\\n)" + name + "(\\{[^}]*\\})? ([0-9.e+-]+)");
  double sum = 0;
  for (std::sregex_iterator it(text.begin(), text.end(), line), end; it != end; ++it) {
    sum += std::stod((*it)[3].str());
  }
  return sum;
}

class ConcurrencyE2E : public ServiceE2E {
 protected:
  HttpResult call(const std::string& path) {
    return http_request_with_headers("GET", service_->base_url() + root() + path,
                                     {{"Authorization", std::string("Bearer ") + kApiToken}}, "",
                                     30);
  }

  // One worker: calls until `until`, picked by a fixed, per-thread pattern so every pair of
  // endpoints overlaps somewhere, for several poll intervals.
  void worker(int id, Clock::time_point until, Tally& t) {
    static const char* kPaths[] = {"/start-poll", "/battery-status", "/stop-poll", "/status-poll",
                                   "/manage-vehicle"};
    for (int i = 0; Clock::now() < until; ++i) {
      std::string path = kPaths[(i * (id + 1) + id) % 5];
      HttpResult r;
      try {
        r = call(path);
      } catch (const std::exception& e) {
        t.problem(path + ": " + e.what());
        continue;
      }
      if (r.status != 200 && !(path == "/status-poll" && r.status == 204)) {
        t.problem(path + " -> " + std::to_string(r.status) + " " + r.body);
        continue;
      }
      if (path == "/start-poll") ++(r.json()["started"].as_bool() ? t.started : t.not_started);
      if (path == "/stop-poll") ++(r.json()["stopped"].as_bool() ? t.stopped : t.not_stopped);
      if (path == "/manage-vehicle") ++t.managed;
      if (path == "/battery-status") ++t.batteries;
      if (path == "/status-poll") ++t.statuses;
    }
  }
};

TEST_F(ConcurrencyE2E, HammeredPollControlsKeepExactlyOneLoopAndBalancedBooks) {
  // A car that keeps wanting commands (surplus, stopped, requesting 16 A): manage-vehicle and
  // every cycle send commands to the fake car while the others run.
  db_.insert_battery(powerwall_flat(Flows{6000, 500, -5000, -500}), utc_sql_time(-2));
  db_.insert_vehicle(vehicle_json(Car{"online", "Stopped", 0, 16, 32, 40}), utc_sql_time(-2));
  start_service("poll:\n  interval_s: 1\n", true, {{"P15_SERVICE_API_TOKEN", kApiToken}});

  Tally t;
  constexpr int kThreads = 6;
  auto until = Clock::now() + std::chrono::seconds(5);
  std::vector<std::thread> threads;
  for (int id = 0; id < kThreads; ++id) {
    threads.emplace_back([this, id, until, &t] { worker(id, until, t); });
  }
  for (auto& th : threads) th.join();
  std::cout << "hammered: " << t.started << " starts (" << t.not_started << " refused), "
            << t.stopped << " stops (" << t.not_stopped << " no-ops), " << t.managed
            << " manage-vehicle, " << t.batteries << " battery-status, " << t.statuses
            << " status-poll\n";
  for (const auto& p : t.problems) ADD_FAILURE() << p;
  EXPECT_EQ(t.unexpected.load(), 0);

  // Starts and stops alternate: each successful start is followed by at most one stop.
  auto st = call("/status-poll").json();
  bool running = st["running"].as_bool();
  EXPECT_GE(t.started.load(), 1);
  EXPECT_EQ(t.started.load() - t.stopped.load(), running ? 1 : 0)
      << "started " << t.started << " stopped " << t.stopped;
  std::string log = service_->log();
  auto count = [&log](const std::string& what) {
    size_t n = 0;
    for (size_t at = log.find(what); at != std::string::npos; at = log.find(what, at + 1)) ++n;
    return static_cast<int>(n);
  };
  EXPECT_EQ(count("poll started interval_s=1"), t.started.load());
  EXPECT_EQ(count("level=info poll stopped"), t.stopped.load());

  // One loop: from a clean start, a 1 s loop runs one cycle at once and one per second.
  call("/stop-poll");
  long long before = call("/status-poll").json()["cycles"].as_integer();
  auto began = Clock::now();
  ASSERT_TRUE(call("/start-poll").json()["started"].as_bool());
  EXPECT_FALSE(call("/start-poll").json()["started"].as_bool());
  // Until the loop has run three cycles (at 0, 1 and 2 s), polled rather than slept out.
  const auto deadline = began + std::chrono::seconds(30);
  while (call("/status-poll").json()["cycles"].as_integer() - before < 3 &&
         Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_TRUE(call("/stop-poll").json()["stopped"].as_bool());
  double ran_s = std::chrono::duration<double>(Clock::now() - began).count();
  auto after = call("/status-poll").json();
  long long ran = after["cycles"].as_integer() - before;
  EXPECT_GE(ran, 3) << "ran " << ran_s << " s";
  EXPECT_LE(ran, static_cast<long long>(ran_s) + 1) << "more cycles than one loop can run";
  EXPECT_FALSE(after["running"].as_bool());

  // The books: every recorded cycle and every manage-vehicle call left exactly one row.
  auto metrics = get("/metrics").body;
  long long cycles = after["cycles"].as_integer();
  double recorded_cycles = metric_sum(metrics, "p15_poll_cycles_total");
  EXPECT_EQ(recorded_cycles, static_cast<double>(cycles)) << metrics;
  double ok = metric_sum(metrics, "p15_poll_cycles_total\\{result=\"ok\"\\}") +
              metric_sum(metrics, "p15_poll_cycles_total\\{result=\"command_failed\"\\}");
  EXPECT_EQ(ok, static_cast<double>(cycles)) << "fresh rows: every cycle decides\n" << metrics;
  size_t rows = db_.query("SELECT id FROM smart_charger_model").size();
  EXPECT_EQ(rows, static_cast<size_t>(cycles + t.managed.load()));
  EXPECT_EQ(metric_sum(metrics, "p15_decisions_total"), static_cast<double>(rows));
  EXPECT_EQ(metric_sum(metrics, "p15_poll_running"), 0.0);
  EXPECT_EQ(get("/healthcheck").status, 200);
  EXPECT_EQ(service_->stop(), 0) << service_->log();
}

}  // namespace
}  // namespace p15::test
