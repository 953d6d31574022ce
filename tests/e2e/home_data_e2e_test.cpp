// The home page's data end to end: the real p15-service on the real MariaDB, commands to the
// fake Fleet API, cycles on a home clock the test moves. The issue's proof: the plug-in
// sessions (GET /sessions and /sessions.csv) add up to /savings' total, and their commands and
// wake-ups are the requests Tesla received; GET /home/today charts the same rows.
#include <gtest/gtest.h>

#include <atomic>
#include <sstream>

#include "api/json_mapping.h"
#include "service/core/time_text.h"
#include "sim/sim_report.h"
#include "sim/status_server.h"
#include "tests/e2e/fixtures.h"

namespace p15::test {
namespace {

using web::json::value;

class HomeDataE2E : public ServiceE2E {
 protected:
  void SetUp() override {
    start_service(
        "savings:\n  max_gap_s: 2\nclock:\n  source: simulator\n  simulator_url: "
        "\"http://127.0.0.1:" +
            std::to_string(home_clock_.port()) + "\"\n",
        true);
  }
  // Rows a second old, so the cycle trusts them; then the next cycle, 3 s later at home (more
  // than max_gap_s: each interval counts exactly 2 s).
  void cycle(const Flows& f, const Car& c, const char* pass = "/manage-vehicle") {
    db_.insert_battery(powerwall_flat(f), utc_sql_time(-1));
    db_.insert_vehicle(vehicle_json(c), utc_sql_time(-1));
    ++rows_;
    auto r = get(root() + pass);
    ASSERT_EQ(r.status, 200) << pass << ": " << r.body;
    home_s_ += 3;
  }
  long long fleet_count(const std::string& part) {
    long long n = 0;
    for (const auto& r : fleet_.requests()) n += r.path.find(part) != std::string::npos;
    return n;
  }

  int rows_ = 0;
  std::atomic<long long> home_s_{
      std::chrono::time_point_cast<Seconds>(std::chrono::system_clock::now())
          .time_since_epoch()
          .count()};
  sim::StatusServer home_clock_{0, [this] {
                                  sim::SimStats stats;
                                  stats.sim_utc = TimePoint{Seconds{home_s_.load()}};
                                  return sim::status_json(stats, sim::SimConfig{}, "flat");
                                }};
};

const char* const kSums[] = {"car_kwh", "solar_kwh",     "powerwall_kwh", "grid_kwh",
                             "cost",    "baseline_cost", "saving"};

// Two plug-in sessions: the first charged from solar, then the Powerwall and the grid, and was
// unplugged; the second is still plugged in.
TEST_F(HomeDataE2E, SessionsAddUpToTheSavingsTotal) {
  const Car stopped{"online", "Stopped", 0, 16, 32, 40};  // legacy starts a car this low
  const Car charging{"online", "Charging", 16, 16, 32, 40};
  const Car unplugged{"online", "Disconnected", 0, 16, 32, 40};
  cycle(Flows{6000, 1000, -5000, 0}, stopped);
  cycle(Flows{6000, 4840, -1160, 0}, charging);
  cycle(Flows{0, 4840, 1840, 3000}, charging);
  cycle(Flows{0, 1000, 1000, 0}, unplugged);
  cycle(Flows{5000, 1000, -4000, 0}, stopped);
  cycle(Flows{5000, 4840, -160, 0}, charging);
  // A last cycle that sends nothing writes what the previous one sent.
  cycle(Flows{5000, 4840, -160, 0}, charging, "/set-charging-amps");

  auto sessions = get(root() + "/sessions");
  ASSERT_EQ(sessions.status, 200) << sessions.body;
  const value body = sessions.json();
  const auto& lines = body.at("sessions").as_array();
  ASSERT_EQ(lines.size(), 2u) << sessions.body;
  EXPECT_TRUE(lines.at(0).at("ended_at").is_null()) << "the newest is still plugged in";
  EXPECT_TRUE(lines.at(1).at("ended_at").is_string()) << "the first was unplugged";
  EXPECT_GT(lines.at(1).at("car_kwh").as_double(), 0);
  EXPECT_GT(lines.at(0).at("car_kwh").as_double(), 0);

  auto savings = get(root() + "/savings");
  ASSERT_EQ(savings.status, 200) << savings.body;
  const value total = savings.json().at("total");
  ASSERT_GT(total.at("car_kwh").as_double(), 0);
  // This year holds every row (unless the test straddled New Year's midnight Pacific).
  EXPECT_EQ(savings.json().at("year").at("cycles"), total.at("cycles"));
  EXPECT_EQ(savings.json().at("year").at("car_kwh"), total.at("car_kwh"));
  for (const char* k : kSums) {
    // Both rounded to 6 decimals from the same rows summed in another order.
    EXPECT_NEAR(body.at("totals").at(k).as_double(), total.at(k).as_double(), 2e-6) << k;
    double lines_sum = 0;
    for (const auto& l : lines) lines_sum += l.at(k).as_double();
    EXPECT_NEAR(lines_sum, total.at(k).as_double(), 3e-6) << k;
  }

  // Every command and wake-up Tesla received is in a session.
  const long long commands = fleet_count("/command/");
  const long long wakes = fleet_count("/wake_up");
  ASSERT_GT(commands, 0) << "legacy starts the car: the case must send commands";
  long long line_commands = 0, line_wakes = 0;
  for (const auto& l : lines) {
    line_commands += l.at("commands").as_integer();
    line_wakes += l.at("wake_ups").as_integer();
  }
  EXPECT_EQ(line_commands, commands);
  EXPECT_EQ(line_wakes, wakes);
  EXPECT_EQ(body.at("totals").at("commands").as_integer(), commands);

  // The CSV holds the same lines: its columns add up to /savings too.
  auto csv = get(root() + "/sessions.csv");
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_EQ(csv.content_type.rfind("text/csv", 0), 0u) << csv.content_type;
  EXPECT_NE(csv.header("Content-Disposition").find("attachment"), std::string::npos);
  std::istringstream in(csv.body);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line.rfind("vin,started_at,last_at,ended_at,car_kwh,", 0), 0u) << line;
  std::vector<double> sums(std::size(kSums), 0);
  int n = 0;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    ++n;
    std::vector<std::string> cells;
    std::istringstream cs(line);
    for (std::string cell; std::getline(cs, cell, ',');) cells.push_back(cell);
    ASSERT_EQ(cells.size(), 13u) << line;
    for (std::size_t i = 0; i < std::size(kSums); ++i) sums[i] += std::stod(cells[4 + i]);
  }
  EXPECT_EQ(n, 2);
  for (std::size_t i = 0; i < std::size(kSums); ++i) {
    EXPECT_NEAR(sums[i], total.at(kSums[i]).as_double(), 3e-6) << kSums[i];
  }

  // A page of one: the newest line, and still the totals over all.
  auto page = get(root() + "/sessions?limit=1");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(page.json().at("sessions").size(), 1u);
  EXPECT_EQ(page.json().at("sessions").at(0).at("started_at"), lines.at(0).at("started_at"));
  EXPECT_EQ(page.json().at("totals"), body.at("totals"));
  EXPECT_EQ(get(root() + "/sessions?limit=0").status, 400);
}

TEST_F(HomeDataE2E, TodayChartsTheRowsAndSkipsTheUnreadable) {
  cycle(Flows{6000, 4840, -1160, 0}, Car{"online", "Charging", 16, 16, 32, 40});
  cycle(Flows{6000, 4840, -1160, 0}, Car{"online", "Charging", 16, 16, 32, 40});
  db_.insert_battery(R"({"solar_power":"bright"})", utc_sql_time(-1));
  auto r = get(root() + "/home/today");
  ASSERT_EQ(r.status, 200) << r.body;
  const value v = r.json();
  EXPECT_EQ(v.at("zone").as_string(), "America/Los_Angeles");
  EXPECT_EQ(v.at("step_s").as_integer(), 300);
  const auto from = parse_utc(v.at("from").as_string());
  const auto to = parse_utc(v.at("to").as_string());
  ASSERT_TRUE(from && to) << r.body;
  const long long buckets = ((*to - *from).count() + 299) / 300;
  for (const char* s : {"t", "solar_w", "house_w", "powerwall_w", "grid_w", "car_w", "car_amps"}) {
    EXPECT_EQ(static_cast<long long>(v.at(s).size()), buckets) << s;
  }
  // Unless the test straddled midnight Pacific, every row is today's.
  if ((*to - *from).count() > 60) {
    EXPECT_EQ(v.at("rows").at("powerwall").as_integer(), rows_);
    EXPECT_EQ(v.at("rows").at("vehicle").as_integer(), rows_);
    EXPECT_EQ(v.at("rows").at("skipped").as_integer(), 1);
    // The rows' bucket (the newest with a row): 16 A x 240 V into the car, the house the load
    // without it.
    std::size_t last = v.at("t").size();
    while (last > 0 && v.at("solar_w").at(last - 1).is_null()) --last;
    ASSERT_GT(last, 0u) << r.body;
    --last;
    EXPECT_EQ(v.at("solar_w").at(last).as_integer(), 6000);
    EXPECT_EQ(v.at("car_w").at(last).as_integer(), 3840);
    EXPECT_EQ(v.at("house_w").at(last).as_integer(), 1000);
    EXPECT_EQ(v.at("grid_w").at(last).as_integer(), -1160);
    EXPECT_DOUBLE_EQ(v.at("car_amps").at(last).as_double(), 16);
    std::size_t with_rows = 0;
    for (const auto& w : v.at("solar_w").as_array()) with_rows += !w.is_null();
    EXPECT_LE(with_rows, 2u) << "two cycles a few seconds apart";
  }
}

}  // namespace
}  // namespace p15::test
