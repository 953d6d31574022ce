#include "bench/replay.h"

#include <algorithm>
#include <cmath>

#include "bench/replay_store.h"
#include "service/clock/home_clock.h"
#include "service/clock/manual_clock.h"
#include "service/metrics/metrics.h"
#include "service/poll/cycle.h"
#include "service/vehicle/commander.h"
#include "sim/collector_readings.h"
#include "sim/model_vehicle_client.h"

namespace p15::bench {

namespace {

constexpr double kJoulesPerKwh = 3.6e6;
constexpr const char* kVin = "5YJ3E1EA1KF000001";
constexpr const char* kToken = "backtest-token";
// The service's default (config: poll.stale_after_s).
constexpr Seconds kStaleAfter{300};

sim::TeslaFront make_front(const HomeSetup& home) {
  sim::TeslaCar car;
  car.vin = kVin;
  car.params = home.car;
  car.state.battery_level = home.car_target_soc;
  car.state.charge_limit_soc = home.car_target_soc;
  car.state.charging_state = ChargingState::Disconnected;
  sim::TeslaAuth auth;
  auth.accept_static(kToken);
  return sim::TeslaFront(sim::FrontSettings{}, std::move(car), std::move(auth));
}

LedgerSettings ledger_settings(LedgerSettings s, const HomeSetup& home) {
  s.powerwall_round_trip_efficiency = home.powerwall.round_trip_efficiency;
  return s;
}

class Replayer {
 public:
  Replayer(const Horizon& h, const Policy& policy, const ReplayOptions& o)
      : h_(h),
        o_(o),
        store_(o.also_record),
        clock_(h.start),
        home_clock_(clock_),
        front_(make_front(h.home)),
        client_(front_, clock_, kToken),
        commander_(client_, clock_, o.commander),
        cycle_(store_, policy, commander_, clock_, metrics_, kStaleAfter,
               HomeSettings{
                   kVin, h.zone, &home_clock_, [this](TimePoint) { return plan_; }, {}, o.outlook},
               ledger_settings(o.ledger, h.home)) {
    pw_.energy_left_wh = h.home.powerwall.capacity_wh * h.home.powerwall_start_percent / 100;
    settings_ = h.powerwall_settings();
    vehicle_.vin = kVin;
    r_.policy = o.label.empty() ? policy.name() : o.label;
    r_.trace.day = o.trace_day;
  }

  ReplayResult run() {
    const long long steps_per_slot = std::llround(kSlot.count() / o_.step_s);
    const long long steps_per_day = steps_per_slot * 48;
    const long long total = steps_per_slot * static_cast<long long>(h_.slots.size());
    for (long long i = 0; i < total; ++i) {
      step(i, static_cast<int>(i / steps_per_slot));
      if ((i + 1) % steps_per_day == 0 && o_.on_day) o_.on_day();
    }
    if (plugged_) depart(static_cast<int>(h_.slots.size()) - 1, false);
    r_.days = static_cast<double>(total) * o_.step_s / 86400;
    r_.ledger = store_.memory().ledger_totals();
    r_.tesla_dollars = front_.ledger().dollars();
    return r_;
  }

 private:
  sim::CarState& car() { return front_.car().state; }

  void step(long long i, int k) {
    const Slot& slot = h_.slots[k];
    if (slot.plugged != plugged_) slot.plugged ? arrive() : depart(k, true);
    // A wake-up's wait may have run the clock past this step: time never goes back.
    const TimePoint at = h_.start + Seconds{std::llround(i * o_.step_s)};
    if (clock_.now() < at) clock_.set(at);
    client_.stepped_to(clock_.now());
    plan_session(k);
    write_rows(i);
    manage();
    const sim::CarStep cs = sim::step_car(h_.home.car, car(), o_.step_s);
    const sim::HomeFlows f = sim::step_home(h_.home.powerwall, settings_, slot.grid_hour(), pw_,
                                            slot.solar_w, slot.house_w, cs.car_w, o_.step_s);
    bill(slot, f, cs.car_w);
    r_.min_powerwall_percent =
        std::min(r_.min_powerwall_percent, sim::percentage_charged(h_.home.powerwall, pw_));
    trace(i, f);
    flows_ = f;
  }

  void arrive() {
    plugged_ = true;
    sim::note_activity(car());
    car().charging_state = ChargingState::Stopped;
    car().charger_actual_current = 0;
    car().charge_energy_added_kwh = 0;
  }

  // Whatever the policy left undelivered is bought at the departure's import price, then the
  // day's driving is taken from the battery.
  void depart(int k, bool drive) {
    const auto& p = h_.home.car;
    sim::CarState& c = car();
    const double short_kwh = std::max(0.0, h_.home.car_target_soc - c.battery_level) / 100 *
                             p.battery_kwh / p.charger_efficiency;
    r_.topup_kwh += short_kwh;
    r_.topup_cost += short_kwh * h_.slots[k].import_per_kwh;
    ++r_.departures;
    if (short_kwh > 0.1) ++r_.unmet_departures;
    c.battery_level = std::max(c.battery_level, h_.home.car_target_soc);
    if (!drive) return;
    plugged_ = false;
    sim::note_activity(c);
    c.charging_state = ChargingState::Disconnected;
    c.charger_actual_current = 0;
    const double trip = trip_index_ < h_.trips_kwh.size() ? h_.trips_kwh[trip_index_++] : 0.0;
    c.battery_level = std::max(0.0, c.battery_level - trip / p.battery_kwh * 100);
  }

  // What the owner would tell the service: when the car leaves and how full it must be then.
  void plan_session(int k) {
    while (session_ < h_.sessions.size() && h_.sessions[session_].end_slot <= k) ++session_;
    plan_.departure.reset();
    plan_.target_soc = h_.home.car_target_soc;
    if (plugged_ && session_ < h_.sessions.size() && h_.sessions[session_].first_slot <= k) {
      plan_.departure = h_.slot_time(h_.sessions[session_].end_slot);
    }
  }

  // The collector's rows for the models' state now: the Powerwall's flows of the last step.
  void write_rows(long long i) {
    const TimePoint now = clock_.now();
    // site_info reports the reserve in force, which the planner may have raised.
    sim::PowerwallParams params = h_.home.powerwall;
    params.backup_reserve_percent = settings_.reserve_percent;
    PowerwallReading pw = sim::powerwall_reading(params, pw_, flows_);
    pw.row_id = i + 1;
    pw.row_time = now;
    store_.memory().powerwall = std::move(pw);
    sim::fill_vehicle_reading(h_.home.car, car(), vehicle_);
    vehicle_.row_id = i + 1;
    vehicle_.row_time = now;
    store_.memory().vehicle = vehicle_;
    if (o_.on_rows) o_.on_rows(*store_.memory().powerwall, vehicle_, now);
  }

  void manage() {
    auto result = cycle_.manage();
    if (!result.ok()) {
      ++r_.refused;
      return;
    }
    if (o_.on_decision) o_.on_decision(result->recorded);
    if (const auto& site = result->recorded.decision.site; site && *site != settings_) {
      const int requests = settings_requests(settings_, *site);
      r_.site_requests += requests;
      // The local day of the tariff's zone, as the planner counts its budget (a day from the
      // start in UTC would straddle two local days in summer time).
      const long long day = local_day_number(o_.ledger.tariff.import_price.zone, clock_.now());
      if (day != site_day_) site_day_ = day, site_day_requests_ = 0;
      site_day_requests_ += requests;
      r_.max_site_requests_day = std::max(r_.max_site_requests_day, site_day_requests_);
      settings_ = *site;
    }
    const CommandReport& report = result->report;
    r_.wake_ups += report.wakes;
    for (const CommandAttempt& a : report.attempts) {
      ++r_.commands;
      if (a.kind == CommandKind::ChargeStart) ++r_.starts;
      if (a.kind == CommandKind::ChargeStop) ++r_.stops;
    }
  }

  void bill(const Slot& slot, const sim::HomeFlows& f, double car_w) {
    const double kwh = o_.step_s / kJoulesPerKwh;
    if (f.grid_w > 0) {
      r_.import_kwh += f.grid_w * kwh;
      r_.import_cost += f.grid_w * kwh * slot.import_per_kwh;
    } else {
      r_.export_kwh += -f.grid_w * kwh;
      r_.export_credit += -f.grid_w * kwh * slot.export_per_kwh;
    }
    r_.car_kwh += car_w * kwh;
  }

  void trace(long long i, const sim::HomeFlows& f) {
    DayTrace& t = r_.trace;
    if (t.day < 0) return;
    const long long at = std::llround(i * o_.step_s);
    const long long from = t.day * 86400LL;
    if (at < from || at >= from + 86400 || at % std::llround(t.sample_s) != 0) return;
    t.solar_w.push_back(f.solar_w);
    t.load_w.push_back(f.load_w);
    t.grid_w.push_back(f.grid_w);
    t.soc_percent.push_back(sim::percentage_charged(h_.home.powerwall, pw_));
    t.car_amps.push_back(front_.car().state.charger_actual_current);
  }

  const Horizon& h_;
  const ReplayOptions& o_;
  ReplayStore store_;
  ManualClock clock_;
  SystemHomeClock home_clock_;  // the home's clock is the same simulated time
  sim::TeslaFront front_;       // Tesla and the car behind it
  sim::ModelVehicleClient client_;
  Commander commander_;
  Metrics metrics_;
  ChargePlan plan_;  // the owner's plan for the session the car is in
  Cycle cycle_;
  sim::PowerwallState pw_;
  sim::PowerwallSettings settings_;                  // the energy site's settings now
  long long site_day_ = -1, site_day_requests_ = 0;  // settings requests in that day
  sim::HomeFlows flows_;
  VehicleReading vehicle_;
  bool plugged_ = false;
  std::size_t trip_index_ = 0;
  std::size_t session_ = 0;  // the session the car is in or waits for
  ReplayResult r_;
};

}  // namespace

ReplayResult replay(const Horizon& horizon, const Policy& policy, const ReplayOptions& options) {
  return Replayer(horizon, policy, options).run();
}

}  // namespace p15::bench
