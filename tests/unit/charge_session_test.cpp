// Plug-in sessions (service/core/charge_session.h): cycles through the ledger's own
// account_cycle, their session deltas applied as the store applies them; each case checks the
// lines, and every case that the lines add up to the ledger rows.
#include "service/core/charge_session.h"

#include <gtest/gtest.h>

namespace p15 {
namespace {

namespace chr = std::chrono;

const TimePoint kT0{chr::sys_days{chr::year{2026} / 6 / 15}.time_since_epoch() + chr::hours{19}};
constexpr const char* kVin = "5YJ3E1EA0KF000001";

// One cycle `at_s` after kT0: the car's state and current, and what manage() sent afterwards.
struct Step {
  long long at_s;
  ChargingState state;
  int amps = 0;
  SentToCar sent{};
  const char* vin = kVin;
};

struct WantLine {
  long long started_s;
  std::optional<long long> ended_s;
  long long last_s;
  long long commands, wake_ups;
  double car_kwh;
};

struct SessionCase {
  const char* name;
  std::vector<Step> steps;
  std::vector<WantLine> want;  // in order of their first row
};

void PrintTo(const SessionCase& c, std::ostream* os) { *os << c.name; }

LedgerSettings settings() {
  LedgerSettings s;
  s.tariff = flat_tariff(0.2291, 0.062);
  s.max_gap = Seconds{300};
  return s;
}

Snapshot snapshot(const Step& st) {
  Snapshot s;
  s.now = kT0 + Seconds{st.at_s};
  s.powerwall.solar_w = 6000;
  s.powerwall.load_w = 1000 + st.amps * 240;
  s.vehicle.vin = st.vin;
  s.vehicle.charging_state = st.state;
  s.vehicle.charger_actual_current = st.amps;
  s.vehicle.charger_voltage = 240;
  return s;
}

TimePoint at(long long s) { return kT0 + Seconds{s}; }

class ChargeSessionTest : public ::testing::TestWithParam<SessionCase> {};

TEST_P(ChargeSessionTest, LinesFollowThePlug) {
  const SessionCase& c = GetParam();
  LedgerState ledger;
  SessionState state;
  SentToCar pending;  // as the Cycle: sent after a row, carried by the next
  std::vector<ChargeSession> lines;
  LedgerTotals ledger_sums;
  for (const Step& st : c.steps) {
    const LedgerStep l = account_cycle(ledger, snapshot(st), settings());
    const SessionStep s = track_session(state, l, st.vin, pending);
    for (const SessionDelta& d : s.deltas) apply_delta(lines, d);
    ledger = l.next;
    state = s.next;
    ledger_sums += l.entry;
    pending = st.sent;
  }
  ASSERT_EQ(lines.size(), c.want.size());
  SessionSums sums;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const ChargeSession& got = lines[i];
    const WantLine& w = c.want[i];
    EXPECT_EQ(got.key.started_at, at(w.started_s)) << i;
    EXPECT_EQ(got.ended_at.has_value(), w.ended_s.has_value()) << i;
    if (w.ended_s && got.ended_at) EXPECT_EQ(*got.ended_at, at(*w.ended_s)) << i;
    EXPECT_EQ(got.last_at, at(w.last_s)) << i;
    EXPECT_EQ(got.sums.commands, w.commands) << i;
    EXPECT_EQ(got.sums.wake_ups, w.wake_ups) << i;
    EXPECT_NEAR(got.sums.car_kwh, w.car_kwh, 1e-12) << i;
    sums += got.sums;
  }
  // The proof's invariant: the lines hold every ledger row's energy and money.
  EXPECT_NEAR(sums.car_kwh, ledger_sums.car_kwh, 1e-12);
  EXPECT_NEAR(sums.solar_kwh, ledger_sums.solar_kwh, 1e-12);
  EXPECT_NEAR(sums.powerwall_kwh, ledger_sums.powerwall_kwh, 1e-12);
  EXPECT_NEAR(sums.grid_kwh, ledger_sums.grid_kwh, 1e-12);
  EXPECT_NEAR(sums.cost, ledger_sums.cost, 1e-12);
  EXPECT_NEAR(sums.baseline_cost, ledger_sums.baseline_cost, 1e-12);
}

using CS = ChargingState;
// 16 A x 240 V over 60 s: 0.064 kWh.
constexpr double kMinute16A = 16 * 240 * 60 / 3.6e6;

INSTANTIATE_TEST_SUITE_P(
    Timelines, ChargeSessionTest,
    ::testing::Values(
        // Seen plugged at start-up (t=0): the session starts there; two commands and a wake-up
        // sent after the first cycle ride on the second row; the unplug at 180 s ends it.
        SessionCase{"plug_charge_unplug",
                    {{0, CS::Stopped, 0, {2, 1}},
                     {60, CS::Charging, 16},
                     {120, CS::Charging, 16},
                     {180, CS::Disconnected}},
                    {{0, 180, 120, 2, 1, 2 * kMinute16A}}},
        // Commands sent after the last plugged cycle reach the session through the unplug row.
        SessionCase{
            "last_commands_counted_at_unplug",
            {{0, CS::Charging, 16}, {60, CS::Charging, 16, {1, 0}}, {120, CS::Disconnected}},
            {{0, 120, 60, 1, 0, kMinute16A}}},
        // A car plugged in later: the session starts at the start of the interval in which it
        // was first seen plugged (the ledger's rule), so at the previous cycle.
        SessionCase{"plugged_in_between_cycles",
                    {{0, CS::Disconnected, 0, {1, 0}},
                     {60, CS::Charging, 16, {1, 1}},
                     {120, CS::Charging, 16},
                     {180, CS::Disconnected}},
                    // The command sent while unplugged (after t=0) lands in the session whose
                    // first row carries it: no session was open to take it.
                    {{0, 180, 120, 2, 1, 2 * kMinute16A}}},
        // Unplugged and plugged again: two lines, each with its own commands.
        SessionCase{
            "two_sessions",
            {{0, CS::Charging, 16, {1, 0}},
             {60, CS::Charging, 16},
             {120, CS::Disconnected},
             {180, CS::Charging, 16, {3, 2}},
             {240, CS::Charging, 16}},
            {{0, 120, 60, 1, 0, kMinute16A}, {120, std::nullopt, 240, 3, 2, 2 * kMinute16A}}},
        // Never plugged in: no line, and what was sent belongs to none.
        SessionCase{
            "never_plugged", {{0, CS::Disconnected, 0, {1, 1}}, {60, CS::Disconnected}}, {}},
        // Another car's row in the middle of a session (a second car on the same charger):
        // the first session ends where the second starts.
        SessionCase{"vin_change_ends_the_session",
                    {{0, CS::Charging, 16},
                     {60, CS::Charging, 16, {1, 0}},
                     {120, CS::Charging, 16, {}, "5YJ3E1EA0KF000002"}},
                    {{0, 60, 60, 1, 0, kMinute16A}, {0, std::nullopt, 120, 0, 0, kMinute16A}}}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(ChargeSession, NewSessionEndsTheCarsOlderOpenLine) {
  // A line the previous process left open (it stopped while the car was plugged in).
  std::vector<ChargeSession> lines{{SessionKey{kVin, at(0)}, at(600), std::nullopt, {}},
                                   {SessionKey{"OTHER", at(0)}, at(600), std::nullopt, {}}};
  SessionDelta d;
  d.key = SessionKey{kVin, at(3600)};
  d.opens = true;
  d.last_at = at(3600);
  apply_delta(lines, d);
  ASSERT_EQ(lines.size(), 3u);
  ASSERT_TRUE(lines[0].ended_at.has_value());
  EXPECT_EQ(*lines[0].ended_at, at(3600));
  EXPECT_FALSE(lines[1].ended_at.has_value()) << "another car's line stays open";
  EXPECT_FALSE(lines[2].ended_at.has_value());
}

TEST(ChargeSession, UnpluggedAtStartUpEndsTheCarsLineLeftOpen) {
  // The previous process stopped while the car was plugged in; it was unplugged meanwhile.
  std::vector<ChargeSession> lines{{SessionKey{kVin, at(0)}, at(600), std::nullopt, {}}};
  LedgerState ledger;
  const LedgerStep first =
      account_cycle(ledger, snapshot({7200, ChargingState::Disconnected}), settings());
  const SessionStep s1 = track_session({}, first, kVin, {});
  for (const SessionDelta& d : s1.deltas) apply_delta(lines, d);
  ASSERT_EQ(lines.size(), 1u) << "no line for the unplugged car";
  ASSERT_TRUE(lines[0].ended_at.has_value());
  EXPECT_EQ(*lines[0].ended_at, at(7200));
  EXPECT_EQ(lines[0].last_at, at(600));
  // Only the first row after start-up does so.
  const LedgerStep second =
      account_cycle(first.next, snapshot({7260, ChargingState::Disconnected}), settings());
  EXPECT_TRUE(track_session(s1.next, second, kVin, {}).deltas.empty());
}

TEST(ChargeSession, FirstRowOfSessionOpensIt) {
  LedgerState ledger;
  Step plugged{0, ChargingState::Charging, 16};
  const LedgerStep first = account_cycle(ledger, snapshot(plugged), settings());
  const SessionStep s1 = track_session({}, first, kVin, {});
  ASSERT_EQ(s1.deltas.size(), 1u);
  EXPECT_TRUE(s1.deltas[0].opens);
  const LedgerStep second =
      account_cycle(first.next, snapshot({60, ChargingState::Charging, 16}), settings());
  const SessionStep s2 = track_session(s1.next, second, kVin, {});
  ASSERT_EQ(s2.deltas.size(), 1u);
  EXPECT_FALSE(s2.deltas[0].opens);
}

}  // namespace
}  // namespace p15
