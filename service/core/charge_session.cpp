#include "service/core/charge_session.h"

#include <algorithm>

namespace p15 {

SessionSums& SessionSums::operator+=(const SessionSums& o) {
  car_kwh += o.car_kwh;
  solar_kwh += o.solar_kwh;
  powerwall_kwh += o.powerwall_kwh;
  grid_kwh += o.grid_kwh;
  cost += o.cost;
  baseline_cost += o.baseline_cost;
  commands += o.commands;
  wake_ups += o.wake_ups;
  return *this;
}

namespace {

SessionSums sums_of(const LedgerEntry& e) {
  SessionSums s;
  s.car_kwh = e.car_kwh;
  s.solar_kwh = e.solar_kwh;
  s.powerwall_kwh = e.powerwall_kwh;
  s.grid_kwh = e.grid_kwh;
  s.cost = e.cost;
  s.baseline_cost = e.baseline_cost;
  return s;
}

void add_sent(SessionDelta& d, SentToCar sent) {
  d.add.commands += sent.commands;
  d.add.wake_ups += sent.wake_ups;
}

}  // namespace

SessionStep track_session(const SessionState& state, const LedgerStep& ledger,
                          const std::string& vin, SentToCar sent) {
  SessionStep step;
  const LedgerEntry& e = ledger.entry;
  std::optional<SessionKey> row_session;
  if (ledger.next.session_start) row_session = SessionKey{vin, *ledger.next.session_start};
  step.next.open = row_session;
  step.next.started = true;
  if (!state.started && !row_session) {
    // Unplugged at start-up: a line the previous process left open ended while it was away.
    SessionDelta end_older;
    end_older.key = SessionKey{vin, e.at};
    end_older.opens = true;
    end_older.line = false;
    step.deltas.push_back(end_older);
  }

  // The session open before this row, if the row is not in it: it ends now.
  if (state.open && state.open != row_session) {
    SessionDelta end;
    end.key = *state.open;
    // Ended by another car's session: where this row's interval began, when the old car's
    // last row was read; by the unplug: at the row that saw it.
    end.ended_at = row_session ? e.at - e.elapsed : e.at;
    if (!row_session) end.add = sums_of(e);  // the unplugged row's (zero) sums
    add_sent(end, sent);
    step.deltas.push_back(end);
  }
  if (row_session) {
    SessionDelta in;
    in.key = *row_session;
    in.opens = state.open != row_session;
    in.last_at = e.at;
    in.add = sums_of(e);
    // Sent in this session, or while no session was written (see the header).
    if (!state.open || state.open == row_session) add_sent(in, sent);
    step.deltas.push_back(in);
  }
  return step;
}

void apply_delta(std::vector<ChargeSession>& lines, const SessionDelta& d) {
  if (d.opens) {
    for (ChargeSession& other : lines) {
      const bool older = other.key.started_at < d.key.started_at;
      if (other.key.vin == d.key.vin && older && !other.ended_at) {
        other.ended_at = d.key.started_at;
      }
    }
  }
  if (!d.line) return;
  // From the newest: a delta is nearly always for the last line (a year's replay has a million
  // rows and hundreds of lines).
  auto it = std::find_if(lines.rbegin(), lines.rend(),
                         [&](const ChargeSession& s) { return s.key == d.key; });
  ChargeSession* line = it == lines.rend() ? nullptr : &*it;
  if (line == nullptr) {
    // A line whose first delta ends it (its rows were not written) starts and ends at once.
    lines.push_back(ChargeSession{d.key, d.key.started_at, std::nullopt, {}});
    line = &lines.back();
  }
  if (d.last_at) line->last_at = std::max(line->last_at, *d.last_at);
  if (d.ended_at) line->ended_at = d.ended_at;
  line->sums += d.add;
}

}  // namespace p15
