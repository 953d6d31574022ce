// p15-service with the planner policy on a real MariaDB that already holds two days of the
// collector's rows: the forecast is learned from them before the port opens, so the first
// decision is the plan's, not "no forecast yet" as after a cold start (planner.history_days: 0).
#include <gtest/gtest.h>

#include "tests/e2e/fixtures.h"

namespace p15::test {
namespace {

class PlannerWarmStartE2E : public ServiceE2E {
 protected:
  // A battery row every 5 minutes over the last two days (sun around UTC noon), and a fresh
  // row with the car plugged in and stopped.
  void two_days_of_rows() {
    constexpr int kRows = 576;
    std::string sql = "INSERT INTO battery_model (data, `timestamp`) VALUES ";
    for (int k = 0; k < kRows; ++k) {
      const long long offset_s = -300LL * (kRows - k);
      const int hour = static_cast<int>((k / 12) % 24);
      Flows f;
      f.solar_w = hour >= 16 && hour < 22 ? 3000 : 0;
      f.load_w = 600;
      sql += (k ? "," : "") + std::string("(") + db_.quote(powerwall_flat(f)) + "," +
             db_.quote(utc_sql_time(offset_s)) + ")";
    }
    db_.exec(sql);
    db_.insert_battery(powerwall_flat(Flows{0, 600, 600, 0}), utc_sql_time(-2));
    Car car;
    car.charging_state = "Stopped";
    db_.insert_vehicle(vehicle_json(car), utc_sql_time(-2));
  }
  std::string first_reason() {
    auto d = get(root() + "/set-charging-amps");
    EXPECT_EQ(d.status, 200) << d.body;
    return d.status == 200 ? d.json()["reason"].as_string() : "";
  }
};

TEST_F(PlannerWarmStartE2E, TheFirstDecisionPlansFromTheStoredRows) {
  two_days_of_rows();
  start_service("policy:\n  name: planner\npoll:\n  autostart: false\n");
  const std::string reason = first_reason();
  EXPECT_EQ(reason.rfind("plan: ", 0), 0u) << reason;
  const std::string log = service_->log();
  EXPECT_NE(log.find("planner: forecast learned from 577 rows of the last 7 days"),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("it plans from the first cycle"), std::string::npos) << log;
}

TEST_F(PlannerWarmStartE2E, WithoutHistoryDaysItDecidesAsSmartUntilItHasLearned) {
  two_days_of_rows();
  start_service(
      "policy:\n  name: planner\npoll:\n  autostart: false\nplanner:\n  history_days: 0\n");
  const std::string reason = first_reason();
  EXPECT_EQ(reason.rfind("no forecast yet, as smart: ", 0), 0u) << reason;
  EXPECT_EQ(service_->log().find("forecast learned"), std::string::npos);
}

}  // namespace
}  // namespace p15::test
