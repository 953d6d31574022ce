#include "service/core/battery_status.h"

#include <gtest/gtest.h>

#include "service/core/freshness.h"

namespace p15 {
namespace {

struct StatusCase {
  const char* name;
  double battery_w;
  const char* want;
  std::optional<double> to_full_h, to_empty_h, to_reserve_h;
};
class BatteryStatusTable : public ::testing::TestWithParam<StatusCase> {};

TEST_P(BatteryStatusTable, StatusAndTimes) {
  PowerwallReading pw;
  pw.energy_left_wh = 6000;
  pw.total_pack_energy_wh = 13500;
  pw.backup_reserve_percent = 20;  // 2700 Wh
  pw.percentage_charged = 44.4;
  pw.battery_w = GetParam().battery_w;
  auto s = battery_status(pw);
  EXPECT_EQ(s.status, GetParam().want);
  auto near = [](std::optional<double> got, std::optional<double> want) {
    ASSERT_EQ(got.has_value(), want.has_value());
    if (want) EXPECT_NEAR(*got, *want, 1e-9);
  };
  near(s.time_to_full_h, GetParam().to_full_h);
  near(s.time_to_empty_h, GetParam().to_empty_h);
  near(s.time_to_reserve_h, GetParam().to_reserve_h);
  EXPECT_DOUBLE_EQ(s.reserve_wh, 2700);
}

INSTANTIATE_TEST_SUITE_P(
    Signs, BatteryStatusTable,
    ::testing::Values(StatusCase{"charging", -1500, "Charging", 5.0, {}, {}},
                      StatusCase{"discharging", 1100, "Discharging", {}, 6000.0 / 1100,
                                 3300.0 / 1100},
                      StatusCase{"standby", 0, "Standby", {}, {}, {}}),
    [](const auto& info) { return std::string(info.param.name); });

struct FreshCase {
  const char* name;
  long long age_s;
  bool ok;
  const char* msg_part;
};
class Freshness : public ::testing::TestWithParam<FreshCase> {};
TEST_P(Freshness, StaleAndFutureRowsAreRefused) {
  TimePoint now{Seconds{1'700'000'000}};
  auto st = check_fresh("battery_model", 42, now - Seconds{GetParam().age_s}, now, Seconds{300});
  EXPECT_EQ(st.ok(), GetParam().ok);
  if (!st.ok()) {
    EXPECT_EQ(st.error().kind, ErrorKind::Stale);
    EXPECT_NE(st.error().message.find("battery_model row 42"), std::string::npos);
    EXPECT_NE(st.error().message.find(GetParam().msg_part), std::string::npos)
        << st.error().message;
  }
}
INSTANTIATE_TEST_SUITE_P(
    Ages, Freshness,
    ::testing::Values(FreshCase{"fresh", 10, true, ""}, FreshCase{"at_limit", 300, true, ""},
                      FreshCase{"one_over", 301, false, "301 s old"},
                      FreshCase{"small_future_skew_ok", -120, true, ""},
                      FreshCase{"future", -121, false, "121 s in the future"}),
    [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace p15
