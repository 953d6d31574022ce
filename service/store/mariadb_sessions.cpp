#include "service/store/mariadb_sessions.h"

#include "service/store/mariadb_statement.h"

namespace p15 {
namespace {

constexpr std::size_t kVinMaxChars = 32;  // p15_charge_session.vin VARCHAR(32)

// A session's first row: the car's older lines still open (the service restarted while it was
// plugged in, so its session never saw the unplug) end where the new one starts.
constexpr Query kEndOlder{"p15_charge_session.end_older", "p15_charge_session",
                          "UPDATE p15_charge_session SET ended_at = FROM_UNIXTIME(?) "
                          "WHERE vin = ? AND ended_at IS NULL AND started_at < FROM_UNIXTIME(?)"};

// One delta: a new line, or the sums added to the line's own. last_at only moves forward, and an
// end once set stays (a delta without one leaves it).
constexpr Query kUpsert{
    "p15_charge_session.add", "p15_charge_session",
    "INSERT INTO p15_charge_session (vin, started_at, last_at, ended_at, car_kwh, solar_kwh, "
    "powerwall_kwh, grid_kwh, cost, baseline_cost, commands, wake_ups) VALUES (?, "
    "FROM_UNIXTIME(?), FROM_UNIXTIME(?), FROM_UNIXTIME(?), ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON DUPLICATE KEY UPDATE last_at = GREATEST(last_at, VALUES(last_at)), "
    "ended_at = COALESCE(VALUES(ended_at), ended_at), car_kwh = car_kwh + VALUES(car_kwh), "
    "solar_kwh = solar_kwh + VALUES(solar_kwh), "
    "powerwall_kwh = powerwall_kwh + VALUES(powerwall_kwh), "
    "grid_kwh = grid_kwh + VALUES(grid_kwh), cost = cost + VALUES(cost), "
    "baseline_cost = baseline_cost + VALUES(baseline_cost), "
    "commands = commands + VALUES(commands), wake_ups = wake_ups + VALUES(wake_ups)"};

// Newest first by start; the id breaks ties between two cars plugged in the same second.
constexpr Query kPage{
    "p15_charge_session.page", "p15_charge_session",
    "SELECT vin, UNIX_TIMESTAMP(started_at), UNIX_TIMESTAMP(last_at), UNIX_TIMESTAMP(ended_at), "
    "car_kwh, solar_kwh, powerwall_kwh, grid_kwh, cost, baseline_cost, commands, wake_ups "
    "FROM p15_charge_session ORDER BY started_at DESC, id DESC LIMIT ?"};

constexpr Query kTotals{
    "p15_charge_session.totals", "p15_charge_session",
    "SELECT COALESCE(SUM(car_kwh), 0), COALESCE(SUM(solar_kwh), 0), "
    "COALESCE(SUM(powerwall_kwh), 0), COALESCE(SUM(grid_kwh), 0), COALESCE(SUM(cost), 0), "
    "COALESCE(SUM(baseline_cost), 0), COALESCE(SUM(commands), 0), COALESCE(SUM(wake_ups), 0) "
    "FROM p15_charge_session"};

constexpr long long kAll = 1'000'000'000;  // LIMIT for "every line"

long long epoch_s(TimePoint t) { return t.time_since_epoch().count(); }

TimePoint at_epoch(long long s) { return TimePoint{Seconds{s}}; }

void bind_delta(Statement& st, const SessionDelta& d) {
  st.text(d.key.vin).integer(epoch_s(d.key.started_at));
  st.integer(epoch_s(d.last_at.value_or(d.key.started_at)));
  if (d.ended_at) {
    st.integer(epoch_s(*d.ended_at));
  } else {
    st.null();
  }
  const SessionSums& a = d.add;
  st.number(a.car_kwh).number(a.solar_kwh).number(a.powerwall_kwh).number(a.grid_kwh);
  st.number(a.cost).number(a.baseline_cost).integer(a.commands).integer(a.wake_ups);
}

// The sums in kTotals' order from column `first`; the name of what is unreadable otherwise.
std::optional<std::string> read_sums(const Statement& st, std::size_t first, SessionSums& out) {
  static constexpr const char* kNames[] = {"car_kwh",  "solar_kwh", "powerwall_kwh",
                                           "grid_kwh", "cost",      "baseline_cost"};
  double* fields[] = {&out.car_kwh,  &out.solar_kwh, &out.powerwall_kwh,
                      &out.grid_kwh, &out.cost,      &out.baseline_cost};
  for (std::size_t i = 0; i < std::size(fields); ++i) {
    auto v = st.number_at(first + i);
    if (!v) return std::string("unreadable ") + kNames[i];
    *fields[i] = *v;
  }
  auto commands = st.integer_at(first + 6);
  auto wakes = st.integer_at(first + 7);
  if (!commands) return "unreadable commands";
  if (!wakes) return "unreadable wake_ups";
  out.commands = *commands;
  out.wake_ups = *wakes;
  return std::nullopt;
}

// One kPage row; the name of what is unreadable otherwise.
std::optional<std::string> read_line(const Statement& st, ChargeSession& out) {
  auto vin = st.text_at(0);
  auto started = st.integer_at(1);
  auto last = st.integer_at(2);
  if (!vin) return "unreadable vin";
  if (!started) return "unreadable started_at";
  if (!last) return "unreadable last_at";
  out.key = SessionKey{*vin, at_epoch(*started)};
  out.last_at = at_epoch(*last);
  if (!st.is_null(3)) {
    auto ended = st.integer_at(3);
    if (!ended) return "unreadable ended_at";
    out.ended_at = at_epoch(*ended);
  }
  return read_sums(st, 4, out.sums);
}

Status read_page(Session& session, std::optional<int> limit, std::vector<ChargeSession>& out) {
  const std::string what = "reading p15_charge_session";
  Statement st(session, kPage, what);
  st.integer(limit.value_or(kAll));
  if (auto ok = st.execute(); !ok) return ok.error();
  for (;;) {
    auto row = st.fetch();
    if (!row) return row.error();
    if (!*row) return ok_status();
    ChargeSession line;
    if (auto bad = read_line(st, line)) {
      return session.fail(kPage, what, 0, "line " + std::to_string(out.size() + 1) + ": " + *bad);
    }
    out.push_back(std::move(line));
  }
}

Status read_totals(Session& session, SessionSums& out) {
  const std::string what = "summing p15_charge_session";
  Statement st(session, kTotals, what);
  if (auto ok = st.execute(); !ok) return ok.error();
  auto row = st.fetch();
  if (!row) return row.error();
  if (!*row) return session.fail(kTotals, what, 0, "no result row");
  if (auto bad = read_sums(st, 0, out)) return session.fail(kTotals, what, 0, *bad);
  return ok_status();
}

}  // namespace

Status check_session_deltas(const std::vector<SessionDelta>& deltas) {
  for (const SessionDelta& d : deltas) {
    if (d.key.vin.size() > kVinMaxChars) {
      return Error{"p15_charge_session: vin \"" + d.key.vin + "\" is longer than " +
                       std::to_string(kVinMaxChars) + " characters",
                   ErrorKind::Invalid};
    }
  }
  return ok_status();
}

Status write_session_deltas(Session& session, const std::vector<SessionDelta>& deltas) {
  const std::string what = "updating p15_charge_session";
  for (const SessionDelta& d : deltas) {
    if (d.opens) {
      Statement end(session, kEndOlder, what);
      end.integer(epoch_s(d.key.started_at)).text(d.key.vin).integer(epoch_s(d.key.started_at));
      if (auto ok = end.execute(); !ok) return ok.error();
    }
    if (!d.line) continue;
    Statement st(session, kUpsert, what);
    bind_delta(st, d);
    if (auto ok = st.execute(); !ok) return ok.error();
  }
  return ok_status();
}

Result<SessionList> MariaDbSessions::charge_sessions(std::optional<int> limit) {
  // Both reads in one transaction: a ledger row written between them would make the page and
  // the totals disagree.
  static constexpr Query kBegin{"p15_charge_session.begin", "p15_charge_session",
                                "START TRANSACTION WITH CONSISTENT SNAPSHOT"};
  static constexpr Query kCommit{"p15_charge_session.commit", "p15_charge_session", "COMMIT"};
  return connection_.with_session([&](Session& session) -> Result<SessionList> {
    const std::string what = "reading p15_charge_session";
    if (auto ok = session.run(kBegin, what); !ok) return ok.error();
    SessionList out;
    if (auto ok = read_page(session, limit, out.sessions); !ok) return ok.error();
    if (auto ok = read_totals(session, out.totals); !ok) return ok.error();
    if (auto ok = session.run(kCommit, what); !ok) return ok.error();
    return out;
  });
}

}  // namespace p15
