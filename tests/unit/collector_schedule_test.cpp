// The collector's schedule: which reads are due, so that the car sleeps and Tesla's bill stays
// within the budget. One row per situation; times are seconds from t0 on the home clock.
#include <gtest/gtest.h>

#include "collector/schedule.h"

namespace p15::collector {
namespace {

const TimePoint t0 = TimePoint{} + Seconds{1'800'000'000};

std::optional<TimePoint> at(long long s) {
  if (s < 0) return std::nullopt;
  return t0 + Seconds{s};
}

struct ScheduleCase {
  std::string name;
  bool gateway, wall_connector;
  long long last_summary, last_charge_state, came_online;  // -1 = never
  VehicleState car;
  bool charging, plug_changed, refresh;
  long long now_s;
  bool want_charge_state, want_summary, want_live_status;
};

class CollectorSchedule : public ::testing::TestWithParam<ScheduleCase> {};

TEST_P(CollectorSchedule, ReadsOnlyWhatIsDue) {
  const auto& c = GetParam();
  ScheduleSettings s;
  s.has_gateway = c.gateway;
  s.has_wall_connector = c.wall_connector;
  s.budget.vehicle_refresh = Seconds{300};
  s.budget.summary_interval = Seconds{1800};
  s.budget.summary_polls = !c.wall_connector;
  ScheduleState st;
  st.last_summary = at(c.last_summary);
  st.last_charge_state = at(c.last_charge_state);
  st.came_online = at(c.came_online);
  st.last_live = t0;
  st.car = c.car;
  st.charging = c.charging;
  st.plug_changed = c.plug_changed;
  st.refresh_requested = c.refresh;
  const DueReads d = due_reads(s, st, t0 + Seconds{c.now_s});
  EXPECT_EQ(d.charge_state, c.want_charge_state);
  EXPECT_EQ(d.summary, c.want_summary);
  EXPECT_EQ(d.live_status, c.want_live_status);
}

using VS = VehicleState;
INSTANTIATE_TEST_SUITE_P(
    Cases, CollectorSchedule,
    ::testing::Values(
        // name, gw, wc, summary, cs, online, car, charging, plug, refresh, now, cs?, sum?, live?
        ScheduleCase{"at_start_asks_the_cars_state", true, false, -1, -1, -1, VS::Unknown, false,
                     false, false, 0, false, true, false},
        ScheduleCase{"an_online_car_without_charge_state_is_read", true, false, 0, -1, 0,
                     VS::Online, false, false, false, 10, true, false, false},
        ScheduleCase{"charging_is_read_every_refresh", true, false, 0, 0, 0, VS::Online, true,
                     false, false, 300, true, false, false},
        ScheduleCase{"charging_not_before_the_refresh", true, false, 0, 0, 0, VS::Online, true,
                     false, false, 299, false, false, false},
        ScheduleCase{"idle_online_car_is_let_sleep", true, false, 0, 100, 0, VS::Online, false,
                     false, false, 1000, false, false, false},
        ScheduleCase{"idle_online_car_summary_on_budget", true, false, 0, 100, 0, VS::Online, false,
                     false, false, 1800, false, true, false},
        ScheduleCase{"the_service_asked_for_a_read", true, false, 0, 100, 0, VS::Online, false,
                     false, true, 110, true, false, false},
        ScheduleCase{"asked_while_asleep_still_reads_408_is_news", true, false, 0, 100, 0,
                     VS::Asleep, false, false, true, 110, true, false, false},
        ScheduleCase{"asleep_car_is_never_read", true, false, 0, 100, 0, VS::Asleep, false, false,
                     false, 1000, false, false, false},
        ScheduleCase{"asleep_car_summary_on_budget", true, false, 0, 100, 0, VS::Asleep, false,
                     false, false, 1800, false, true, false},
        ScheduleCase{"came_online_since_the_last_charge_state", true, false, 500, 100, 500,
                     VS::Online, false, false, false, 510, true, false, false},
        ScheduleCase{"wall_connector_no_summary_polls", true, true, 0, 100, 0, VS::Asleep, false,
                     false, false, 90000, false, false, false},
        ScheduleCase{"plug_change_on_an_asleep_car_asks_its_state", true, true, 0, 100, 0,
                     VS::Asleep, false, true, false, 200, false, true, false},
        ScheduleCase{"plug_change_on_an_online_car_reads_it", true, true, 0, 100, 0, VS::Online,
                     false, true, false, 200, true, false, false},
        ScheduleCase{"no_gateway_live_status_every_5_min", false, false, 0, 100, 0, VS::Asleep,
                     false, false, false, 300, false, false, true},
        ScheduleCase{"no_gateway_not_sooner", false, false, 0, 100, 0, VS::Asleep, false, false,
                     false, 299, false, false, false}),
    [](const auto& info) { return info.param.name; });

TEST(CollectorScheduleCloud, AnOutageBlocksCloudReadsButNotTheGatewaysSettings) {
  ScheduleSettings s;
  s.has_gateway = true;
  ScheduleState st;
  st.cloud_blocked_until = t0 + Seconds{60};
  st.refresh_requested = true;
  DueReads d = due_reads(s, st, t0);
  EXPECT_FALSE(d.charge_state);
  EXPECT_FALSE(d.summary);
  EXPECT_TRUE(d.site_info);
  EXPECT_TRUE(d.local);
  d = due_reads(s, st, t0 + Seconds{60});
  EXPECT_TRUE(d.charge_state);
}

}  // namespace
}  // namespace p15::collector
