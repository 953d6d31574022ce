// Issue 15's proof: the production topology (tests/support/home_processes.h) through a simulated
// June day. The car sleeps in the garage, plugged in; the service wakes it once when the sun
// comes and charges it from the surplus; the collector reads it only while something needs it
// and never wakes it; the rows and their parts carry their own ages; and the simulator's billing
// ledger gives the day's Tesla bill for the collector and the service together.
#include <gtest/gtest.h>

#include <iostream>

#include "tests/e2e/fault_matrix.h"
#include "tests/support/home_processes.h"
#include "tests/support/test_db.h"

namespace p15::test {
namespace {

using web::json::value;

constexpr double kStepS = 60;
// Tesla's $10 monthly credit, as a day's share: the two processes together must stay inside it.
constexpr double kCreditPerDay = 10.0 / 30;

struct RowAges {
  std::string state;
  double charge_state_age_s = -1;  // -1: no charge state in the row
  double wall_connector_age_s = -1;
  double powerwall_age_s = -1;
};

RowAges newest_ages(TestDatabase& db) {
  RowAges a;
  a.state = db.scalar(
                  "SELECT JSON_VALUE(data, '$.state') FROM vehicle_model ORDER BY id DESC "
                  "LIMIT 1")
                .value_or("");
  auto number = [&](const std::string& sql) {
    auto v = db.scalar(sql);
    return v && !v->empty() ? std::stod(*v) : -1.0;
  };
  a.charge_state_age_s = number(
      "SELECT JSON_VALUE(data, '$.charge_state_age_s') FROM vehicle_model ORDER BY id DESC LIMIT "
      "1");
  a.wall_connector_age_s = number(
      "SELECT JSON_VALUE(data, '$.wall_connector.age_s') FROM vehicle_model ORDER BY id DESC "
      "LIMIT 1");
  a.powerwall_age_s =
      number("SELECT JSON_VALUE(data, '$.age_s') FROM battery_model ORDER BY id DESC LIMIT 1");
  return a;
}

double series(const std::string& url, const std::string& name) {
  const double v = metric_value(http_get(url + "/metrics").body, name);
  return std::isnan(v) ? 0 : v;
}

TEST(HomeDay, TheServiceWakesTheCarOnceAndTheCollectorNeverDoes) {
  TestDatabase db;
  HomeOptions o;
  o.start = "2016-06-15T06:00";
  o.hours = 14;
  HomeProcesses home(db.config(), o);
  value status;
  int steps = 0, failed = 0;
  RowAges asleep_row, awake_row;
  for (; steps < static_cast<int>(o.hours * 3600 / kStepS) + 1; ++steps) {
    HomeStep s = home.step(kStepS);
    status = s.status;
    if (s.done) break;
    failed += (s.collect_status != 200) + (s.manage_status != 200);
    const RowAges now = newest_ages(db);
    if (now.state == "asleep" && asleep_row.state.empty() && steps > 5) asleep_row = now;
    if (now.state == "online" && now.charge_state_age_s >= 0) awake_row = now;
  }
  const value& car = status.at("car");
  const value& bill = status.at("tesla_billing");
  std::cout << "home day: " << steps << " steps, " << failed << " answers not 200\n"
            << "tesla bill: " << bill.serialize() << "\ncar: " << car.serialize()
            << "\nenergy: " << status.at("energy").serialize() << "\n";
  EXPECT_EQ(failed, 0) << home.logs();
  // The simulator wrote no rows: every row came from the collector.
  EXPECT_EQ(status.at("rows_written").as_integer(), 0);
  // Woken once, by the service: the collector's own wake-up count is zero.
  EXPECT_EQ(car.at("wake_ups").as_integer(), 1) << home.logs();
  EXPECT_EQ(
      series(home.collector_url(), "p15_tesla_requests_total{category=\"wake\",code=\"200\"}"), 0);
  // It charged, and from the sun and the Powerwall, not the grid.
  const value& e = status.at("energy");
  EXPECT_GT(e.at("car_kwh").as_double(), 5.0);
  EXPECT_LT(e.at("car_from_grid_kwh").as_double(), 0.15 * e.at("car_kwh").as_double());
  // An asleep car's row: state asleep, and the Wall Connector part fresh.
  EXPECT_EQ(asleep_row.state, "asleep");
  EXPECT_GE(asleep_row.wall_connector_age_s, 0);
  EXPECT_LT(asleep_row.wall_connector_age_s, 30);
  // Once awake, the charge state is fresh in the row, and so is the Powerwall's reading.
  EXPECT_EQ(awake_row.state, "online");
  EXPECT_LT(awake_row.charge_state_age_s, 600);
  EXPECT_GE(awake_row.powerwall_age_s, 0);
  EXPECT_LT(awake_row.powerwall_age_s, 30);
  // The day's Tesla bill for both processes stays inside a day's share of the $10 credit.
  EXPECT_LE(bill.at("usd").as_double(), kCreditPerDay) << bill.serialize();
}

}  // namespace
}  // namespace p15::test
