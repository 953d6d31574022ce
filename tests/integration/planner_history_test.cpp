// The planner's warm start on a real MariaDB (scripts/with-mariadb.sh): two days of the
// collector's rows become a forecast before the first cycle, the car's draw taken out of the load.
#include "service/poll/planner_history.h"

#include <gtest/gtest.h>

#include "service/clock/manual_clock.h"
#include "service/config/time_zones.h"
#include "service/store/mariadb_store.h"
#include "tests/support/service_process.h"
#include "tests/support/test_db.h"

namespace p15::test {
namespace {

namespace chr = std::chrono;

// 2026-06-03 00:00 PDT.
const TimePoint kStart{chr::sys_days{chr::year{2026} / 6 / 3}.time_since_epoch() + chr::hours{7}};

// Solar 3 kW from 10:00 to 16:00 local, the house 600 W all day; the car charging at 16 A
// (3.84 kW, which the load includes) on the first day from 12:00 to 14:00.
double solar_at(int local_hour) { return local_hour >= 10 && local_hour < 16 ? 3000 : 0; }
bool car_on(int day, int local_hour) { return day == 0 && local_hour >= 12 && local_hour < 14; }

std::string battery(double solar_w, double load_w) {
  return R"({"solar_power":)" + std::to_string(solar_w) + R"(,"load_power":)" +
         std::to_string(load_w) +
         R"(,"grid_power":0,"battery_power":0,"energy_left":5000,"total_pack_energy":13500,)"
         R"("backup_reserve_percent":20})";
}

std::string vehicle(bool charging) {
  return std::string(R"({"state":"online","vin":"5YJ3E1EA1KF000001","charge_state":{)") +
         R"("charging_state":")" + (charging ? "Charging" : "Stopped") +
         R"(","charger_actual_current":16,"charge_current_request_max":32,"battery_level":64,)"
         R"("battery_range":171.5,"charger_voltage":240}})";
}

class PlannerHistoryTest : public ::testing::Test {
 protected:
  // A battery row every 5 minutes for `days` days, each carrying the flows of the 5 minutes
  // before its stamp (as the collector's rows do), and a vehicle row at each change of the car.
  void write_days(int days) {
    for (int d = 0; d < days; ++d) {
      std::string sql = "INSERT INTO battery_model (data, `timestamp`) VALUES ";
      for (int k = 0; k < 288; ++k) {
        const int hour = k / 12;
        const TimePoint t = kStart + chr::hours{24 * d} + chr::minutes{5 * (k + 1)};
        const double load = 600 + (car_on(d, hour) ? 3840 : 0);
        sql += (k ? "," : "") + std::string("(") + db_.quote(battery(solar_at(hour), load)) + "," +
               db_.quote(sql_time(t)) + ")";
      }
      db_.exec(sql);
    }
    db_.insert_vehicle(vehicle(true), sql_time(kStart + chr::hours{12} + chr::seconds{1}));
    db_.insert_vehicle(vehicle(false), sql_time(kStart + chr::hours{14} + chr::seconds{1}));
  }

  TestDatabase db_;
  ManualClock clock_{kStart + chr::hours{48}};
  MariaDbStore store_{db_.config(), clock_};
  LearnedOutlook outlook_{flat_tariff(), us_pacific_zone(), make_forecaster("moving-average")};
};

TEST_F(PlannerHistoryTest, TwoDaysOfRowsGiveAForecastBeforeTheFirstCycle) {
  write_days(2);
  ASSERT_FALSE(outlook_.ready());
  auto got = learn_history(store_, outlook_, clock_.now(), 7);
  ASSERT_TRUE(got.ok()) << got.error().message;
  EXPECT_EQ(got->readings, 576);
  EXPECT_EQ(got->skipped, 0);
  EXPECT_EQ(got->hours, 47) << "the last hour ends with the next row";
  ASSERT_TRUE(outlook_.ready());
  const auto o = outlook_.outlook(clock_.now());
  ASSERT_TRUE(o);
  ASSERT_GE(o->hours.size(), 24u);
  // Hour by hour of the next day (local = index, starting at midnight): the sun's profile, and
  // the house without the car, also in the hours the car charged.
  for (int h = 0; h < 24; ++h) {
    EXPECT_NEAR(o->hours[h].solar_wh, solar_at(h), 1) << "hour " << h;
    EXPECT_NEAR(o->hours[h].house_wh, 600, 1) << "hour " << h;
  }
}

TEST_F(PlannerHistoryTest, ABadRowIsSkippedAndCounted) {
  write_days(1);
  db_.insert_battery(R"({"solar_power":"lots"})", sql_time(kStart + chr::hours{3}));
  auto got = learn_history(store_, outlook_, clock_.now(), 2);
  ASSERT_TRUE(got.ok()) << got.error().message;
  EXPECT_EQ(got->readings, 288);
  EXPECT_EQ(got->skipped, 1);
  EXPECT_FALSE(outlook_.ready());  // 24 hours learned only once the next hour's row comes
}

TEST_F(PlannerHistoryTest, ADatabaseThatIsDownIsAnErrorNotAForecast) {
  DatabaseConfig down;
  down.host = "127.0.0.1";
  down.port = free_port();  // nothing listens
  down.name = "p15_nowhere";
  down.connect_timeout_s = 2;
  MariaDbStore gone{down, clock_};
  auto got = learn_history(gone, outlook_, clock_.now(), 7);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().kind, ErrorKind::Unavailable) << got.error().message;
  EXPECT_FALSE(outlook_.ready());
}

}  // namespace
}  // namespace p15::test
