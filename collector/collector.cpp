#include "collector/collector.h"

#include <date/date.h>
#include <spdlog/spdlog.h>

#include "collector/fleet_sources.h"
#include "service/core/backoff.h"
#include "service/core/command_plan.h"

namespace p15::collector {
namespace {

// Tesla's cloud down or refusing: wait before the next cloud read, doubling to a quarter hour.
const BackoffSettings kCloudBackoff{Seconds{30}, Seconds{900}};
const Seconds kPruneEvery{3600};

int month_index(TimePoint t) {
  const date::year_month_day ymd{date::floor<date::days>(t)};
  return static_cast<int>(ymd.year()) * 12 + static_cast<int>(static_cast<unsigned>(ymd.month()));
}

Status as_status(const Error& e) { return e; }

}  // namespace

Collector::Collector(CollectorSettings settings, PowerwallSource& powerwall, VehicleSource* vehicle,
                     WallConnectorSource* wall_connector, FleetCloud* cloud, RowSink& sink,
                     CollectorMetrics& metrics)
    : settings_(std::move(settings)),
      powerwall_(powerwall),
      vehicle_(vehicle),
      wall_connector_(wall_connector),
      cloud_(cloud),
      sink_(sink),
      metrics_(metrics) {
  car_.vin = settings_.vin;
}

void Collector::billed(double dollars) {
  std::lock_guard lock(spend_mu_);
  spent_ += dollars;
  metrics_.month_spend(spent_);
}

double Collector::month_spend() const {
  std::lock_guard lock(spend_mu_);
  return spent_;
}

RoundReport Collector::collect(TimePoint home_now, TimePoint real_now) {
  {
    std::lock_guard lock(spend_mu_);
    const int month = month_index(home_now);
    if (month != spend_month_) spent_ = 0;
    spend_month_ = month;
  }
  state_.refresh_requested = refresh_.exchange(false) || state_.refresh_requested;
  RoundReport r;
  r.due = due_reads(settings_.schedule, state_, home_now);
  state_.plug_changed = false;
  if (r.due.local) {
    state_.last_local = home_now;
    if (wall_connector_ != nullptr) read_wall_connector(r);
  }
  read_powerwall(r.due, r, home_now);
  read_car(r.due, r, home_now);
  if (r.due.rows) {
    state_.last_row = home_now;
    write_rows(r, real_now);
  }
  prune(real_now);
  r.car = state_.car;
  r.month_spend_dollars = month_spend();
  metrics_.cycle();
  return r;
}

// The gateway's live reads run with the local round; Fleet's live_status on its own interval.
void Collector::read_powerwall(const DueReads& due, RoundReport& r, TimePoint home_now) {
  const bool cloud = powerwall_.billed();
  const std::string live_name = cloud ? "live_status" : "gateway";
  if (cloud ? due.live_status : due.local) {
    if (cloud) state_.last_live = home_now;
    auto live = powerwall_.live();
    if (live) live_ = *live;
    if (!live && cloud) cloud_failed(live.error(), home_now);
    note(r, live_name, live ? ok_status() : as_status(live.error()));
  }
  if (due.site_info) {
    auto site = powerwall_.site();
    // A failed read is retried at the next round only for the first one (nothing to write
    // without a reserve); later ones keep the last settings for an interval.
    if (site || site_) state_.last_site_info = home_now;
    if (site) site_ = *site;
    if (!site && cloud) cloud_failed(site.error(), home_now);
    note(r, cloud ? "site_info" : "gateway_operation",
         site ? ok_status() : as_status(site.error()));
  }
}

void Collector::read_wall_connector(RoundReport& r) {
  auto v = wall_connector_->vitals();
  if (v) {
    const auto& before = car_.wall_connector;
    state_.plug_changed = before && (before->vehicle_connected != v->vehicle_connected ||
                                     before->contactor_closed != v->contactor_closed);
    car_.wall_connector = *v;
  }
  note(r, "wall_connector", v ? ok_status() : as_status(v.error()));
}

bool Collector::affordable(const std::string& source, RoundReport& r, TimePoint home_now) {
  const double cost = dollars_per_request(TeslaCategory::Data);
  if (may_spend(month_spend(), cost, settings_.dollars_per_month, month_fraction(home_now))) {
    return true;
  }
  r.results[source] = "skipped_budget";
  metrics_.read(source, "skipped_budget");
  if (last_result_[source] != "skipped_budget") {
    spdlog::warn(
        "collector: {} skipped: ${:.2f} spent this month, the pace of "
        "collector.max_dollars_per_month (${:.2f}) allows no more today",
        source, month_spend(), settings_.dollars_per_month);
  }
  last_result_[source] = "skipped_budget";
  return false;
}

void Collector::read_car(const DueReads& due, RoundReport& r, TimePoint home_now) {
  if (vehicle_ == nullptr) return;
  if (due.charge_state && affordable("charge_state", r, home_now)) {
    auto d = vehicle_->charge_state();
    if (d) {
      // Only an answer settles the read: after a failure the cloud's backoff paces the retry.
      state_.refresh_requested = false;
      state_.last_charge_state = home_now;
      cloud_failures_ = 0;
      car_state(d->state, home_now);
      if (d->charge_state) {
        car_.charge_state = d->charge_state;
        state_.charging = is_charging(d->charge_state->charging_state);
      }
      r.results["charge_state"] = d->state == VehicleState::Asleep ? "asleep" : "ok";
      metrics_.read("charge_state", r.results["charge_state"]);
      last_result_["charge_state"] = r.results["charge_state"];
    } else {
      cloud_failed(d.error(), home_now);
      note(r, "charge_state", as_status(d.error()));
    }
  } else if (due.summary && affordable("summary", r, home_now)) {
    auto s = vehicle_->summary();
    if (s) state_.last_summary = home_now;
    if (s) car_state(*s, home_now);
    if (!s) cloud_failed(s.error(), home_now);
    note(r, "summary", s ? ok_status() : as_status(s.error()));
  }
}

void Collector::car_state(VehicleState s, TimePoint home_now) {
  if (s == VehicleState::Online && state_.car != VehicleState::Online) {
    state_.came_online = home_now;
  }
  if (s != VehicleState::Online) state_.charging = false;
  if (s != state_.car) spdlog::info("collector: the car is {}", to_string(s));
  state_.car = s;
  car_.state = s;
}

// Every failed cloud read waits, doubling: an outage (5xx, no answer) passes by itself, and a
// refusal (403, an unpaired key) is billed each time it is asked again.
void Collector::cloud_failed(const Error&, TimePoint home_now) {
  ++cloud_failures_;
  Seconds wait = backoff_delay(cloud_failures_, kCloudBackoff);
  if (cloud_ != nullptr && cloud_->retry_after()) wait = std::max(wait, *cloud_->retry_after());
  state_.cloud_blocked_until = home_now + wait;
}

// Results per source; a log line only when a source's result changes (an outage is one line,
// its end another).
void Collector::note(RoundReport& r, const std::string& source, const Result<Unit>& outcome) {
  const std::string result = outcome ? "ok" : "error";
  r.results[source] = outcome ? "ok" : "error: " + outcome.error().message;
  metrics_.read(source, result);
  const bool cloud = source == "live_status" || source == "site_info" || source == "summary" ||
                     source == "charge_state";
  if (outcome && cloud) cloud_failures_ = 0;
  std::string& last = last_result_[source];
  if (last != r.results[source]) {
    if (outcome) {
      if (!last.empty()) spdlog::info("collector: {} reads again", source);
    } else {
      spdlog::warn("collector: {} failed: {}", source, outcome.error().message);
    }
  }
  last = r.results[source];
}

void Collector::write_rows(RoundReport& r, TimePoint real_now) {
  if (live_ && site_) {
    auto id = sink_.append(RowTable::Battery, battery_row_json(*live_, *site_, real_now), real_now);
    if (id) r.battery_row = *id;
    id ? metrics_.row_written("battery_model") : metrics_.row_write_failed("battery_model");
    note(r, "battery_row", id ? ok_status() : as_status(id.error()));
  }
  if (vehicle_ != nullptr && state_.car != VehicleState::Unknown) {
    auto id = sink_.append(RowTable::Vehicle, vehicle_row_json(car_, real_now), real_now);
    if (id) r.vehicle_row = *id;
    id ? metrics_.row_written("vehicle_model") : metrics_.row_write_failed("vehicle_model");
    note(r, "vehicle_row", id ? ok_status() : as_status(id.error()));
  }
}

// One batch per table per round until a round deletes less than a batch, then an hour's rest.
void Collector::prune(TimePoint real_now) {
  if (settings_.retention.count() == 0) return;
  if (last_prune_ && real_now - *last_prune_ < kPruneEvery) return;
  bool more = false;
  for (RowTable t : {RowTable::Battery, RowTable::Vehicle}) {
    auto n = sink_.prune(t, real_now - settings_.retention, settings_.prune_batch);
    if (!n) {
      spdlog::warn("collector: pruning {}: {}", table_name(t), n.error().message);
      continue;
    }
    metrics_.rows_pruned(table_name(t), static_cast<double>(*n));
    more = more || *n >= settings_.prune_batch;
  }
  if (!more) last_prune_ = real_now;
}

}  // namespace p15::collector
