#pragma once
// Plug-in sessions: one line per session of the cost ledger (energy_ledger.h's LedgerState
// session_start), with the ledger rows' sums and the commands and wake-ups the Cycle sent while
// it lasted. Pure: the Cycle keeps the SessionState between cycles and hands each step's deltas
// to the store in the ledger row's own transaction, so the sessions always add up to the ledger
// (GET /savings' total).
//
// The rules:
// - A ledger row whose step has a session_start belongs to the session (vin, session_start).
//   The first row of a session opens it; an older session of the same car still open (the
//   service restarted in the middle of it) ends at the new one's start. The first row after a
//   start-up that sees the car unplugged ends such a line too, at that row.
// - The first row with no session (the car seen unplugged) ends the open session at that row's
//   time; its sums (zero: an unplugged car draws nothing) still go to it, so nothing is lost.
//   A row of another car's session ends it at the start of the row's interval.
// - Commands and wake-ups are sent after a cycle's ledger row is written, so they ride on the
//   next row; they belong to the session open when they were sent, else to the row's session
//   (a session whose first row could not be written), else to none.
#include <optional>
#include <string>
#include <vector>

#include "service/core/energy_ledger.h"
#include "service/core/types.h"

namespace p15 {

struct SessionKey {
  std::string vin;  // the vehicle row's VIN ("" when the row names none)
  TimePoint started_at{};
  bool operator==(const SessionKey&) const = default;
};

// Energy in kWh, money in $ (the tariff's currency), as the ledger rows.
struct SessionSums {
  double car_kwh = 0, solar_kwh = 0, powerwall_kwh = 0, grid_kwh = 0;
  double cost = 0, baseline_cost = 0;
  long long commands = 0, wake_ups = 0;
  double saving() const { return baseline_cost - cost; }
  SessionSums& operator+=(const SessionSums& o);
};

struct ChargeSession {
  SessionKey key;
  TimePoint last_at{};                // the session's newest ledger row
  std::optional<TimePoint> ended_at;  // nullopt: still plugged in
  SessionSums sums;
};

// What the Cycle's manage() sent to the car since the last ledger row was written.
struct SentToCar {
  long long commands = 0;  // command requests (set amps, start, stop), whatever their outcome
  long long wake_ups = 0;
};

// One ledger row's change to one session line.
struct SessionDelta {
  SessionKey key;
  bool opens = false;  // the session's first row: the car's older open lines end at its start
  bool line = true;    // false: the delta only ends the car's older open lines (opens)
  std::optional<TimePoint> last_at;   // nullopt: the row is not the session's (it ends it)
  std::optional<TimePoint> ended_at;  // set: the session ends here
  SessionSums add;
};

struct SessionState {
  std::optional<SessionKey> open;  // the session the previous written row belonged to
  bool started = false;            // a row was written since the service started
};

struct SessionStep {
  std::vector<SessionDelta> deltas;  // at most two: the one ending, the one the row is in
  SessionState next;
};

// The sessions' change for one ledger step (`ledger`, from account_cycle) of the car `vin`,
// carrying what was sent to the car since the previous row.
SessionStep track_session(const SessionState& state, const LedgerStep& ledger,
                          const std::string& vin, SentToCar sent);

// A delta applied to the session lines (a new line is added for a new key; `opens` ends the
// car's older open lines): what the store does in SQL, for the in-memory store and the tests.
void apply_delta(std::vector<ChargeSession>& lines, const SessionDelta& delta);

// A page of sessions, newest first, and the sums over all of them.
struct SessionList {
  std::vector<ChargeSession> sessions;
  SessionSums totals;
};

}  // namespace p15
