#include "sim/simulation.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "service/core/command_plan.h"
#include "service/core/outlook.h"
#include "sim/collector_json.h"
#include "sim/collector_readings.h"
#include "sim/sim_time.h"

namespace p15::sim {

namespace chr = std::chrono;

namespace {

constexpr double kJoulesPerKwh = 3.6e6;

}  // namespace

TimePoint home_time(const LocalZone& zone, LocalSeconds local) {
  // A skipped wall time reads with the offset before the gap (to_utc's `earlier` then).
  return to_utc(zone, local).earlier;
}

Simulation::Simulation(SimConfig config, HouseholdSeries series, Tariff tariff,
                       FakeFleetServer* fleet, CollectorSink* sink,
                       std::function<TimePoint()> real_clock)
    : config_(std::move(config)),
      series_(std::move(series)),
      tariff_(std::move(tariff)),
      fleet_(fleet),
      sink_(sink),
      real_clock_(std::move(real_clock)),
      rng_(config_.seed),
      ledger_(tariff_, config_.powerwall.round_trip_efficiency,
              Seconds{std::llround(config_.tick_s)}) {
  vehicle_.vin = config_.vin;
  now_ = home_time(config_.home_zone, config_.start);
  clock_ = now_;
  powerwall_.energy_left_wh =
      config_.powerwall.capacity_wh * config_.powerwall_start_percent / 100.0;
  car_ = initial_car_state(config_.plug, config_.start, config_.car_start_level,
                           config_.charge_limit_soc);
  car_.presence = config_.car_starts_asleep ? Presence::Asleep : Presence::Online;
  if (fleet_ != nullptr) {
    fleet_->with_car([&](TeslaCar& c) {
      c.vin = config_.vin;
      c.params = config_.car;
      c.state = car_;
    });
    // The owner's settings until the service changes them through the settings endpoints.
    fleet_->with_front([&](TeslaFront& f) {
      f.energy_site().settings = owners_settings();
      f.energy_site().owner_reserve_percent = config_.powerwall.backup_reserve_percent;
    });
  }
  stats_.sim_utc = now_;
  stats_.sim_local = config_.start;
  stats_.car_soc = car_.battery_level;
  stats_.charging_state = to_string(car_.charging_state);
  stats_.car_asleep = is_asleep(car_);
  stats_.powerwall_soc = percentage_charged(config_.powerwall, powerwall_);
  stats_.min_powerwall_soc = stats_.powerwall_soc;
  update_devices(stats_.devices, HomeFlows{}, 0);
}

CarChanges car_changes(const CarState& before, const CarState& after) {
  CarChanges c;
  c.amps_set = before.charge_current_request != after.charge_current_request;
  c.started = !is_charging(before.charging_state) && is_charging(after.charging_state);
  c.stopped = is_charging(before.charging_state) && after.charging_state == ChargingState::Stopped;
  c.woken = before.presence == Presence::Asleep && after.presence == Presence::Online;
  return c;
}

// One step of the car, wherever it lives: in Tesla's model when the simulator serves one (the
// service's commands changed it there since the last tick), else here.
Simulation::CarTick Simulation::step_the_car(LocalSeconds local_from, LocalSeconds local_now,
                                             double dt_s) {
  CarTick t;
  const bool was_disconnected = car_.charging_state == ChargingState::Disconnected;
  auto advance = [&](CarState& car) {
    t.changes = car_changes(car_, car);
    t.plug = apply_schedule(config_.car, config_.plug, car, local_from, local_now, rng_);
    t.step = step_car(config_.car, car, dt_s);
    car_ = car;
  };
  if (fleet_ == nullptr) {
    CarState car = car_;
    advance(car);
    return t;
  }
  fleet_->with_front([&](TeslaFront& front) {
    const int commands = front.commands() - seen_commands_;
    seen_commands_ = front.commands();
    t.commands_while_disconnected = was_disconnected ? commands : 0;
    advance(front.car().state);
  });
  fleet_->clear_requests();  // nobody reads the log here; it must not grow for ever
  return t;
}

void Simulation::tick() {
  const double dt_s = config_.tick_s;
  const TimePoint from = now_;
  now_ = from + chr::duration_cast<Seconds>(chr::duration<double>(dt_s));
  clock_ = now_;
  const LocalSeconds local_from = to_local(config_.home_zone, from);
  const LocalSeconds local_now = to_local(config_.home_zone, now_);
  const HouseholdSample& x = sample_at(series_, dataset_time(series_, local_from));

  const CarTick car = step_the_car(local_from, local_now, dt_s);
  const CarStep& step = car.step;
  PowerwallSettings settings = owners_settings();
  // Tesla's model holds the site's settings: the service may have changed them.
  if (fleet_ != nullptr) {
    fleet_->with_front([&](TeslaFront& f) { settings = effective_settings(f.energy_site()); });
  }
  const GridHour hour =
      settings.mode == OperationMode::TimeBasedControl ? grid_hour_at(tariff_, from) : GridHour{};
  const HomeFlows flows = step_home(config_.powerwall, settings, hour, powerwall_, x.solar_w,
                                    x.load_w, step.car_w, dt_s);
  const LedgerEntry e = account(flows);
  {
    const auto hour = static_cast<std::size_t>(
        chr::floor<chr::hours>(local_from - chr::floor<chr::days>(local_from)).count());
    std::lock_guard lock(mu_);
    stats_.car_ledger = ledger_.totals();
    stats_.car_from_solar_kwh = stats_.car_ledger.solar_kwh;
    stats_.car_from_powerwall_kwh = stats_.car_ledger.powerwall_kwh;
    stats_.car_from_grid_kwh = stats_.car_ledger.grid_kwh;
    stats_.car_kwh_by_hour[hour] += step.car_w * dt_s / kJoulesPerKwh;
    stats_.car_from_grid_kwh_by_hour[hour] += e.grid_kwh;
  }
  record(flows, car, from, dt_s);
  publish_energy_site();
  write_rows(flows);
  if (chr::floor<chr::hours>(local_now) != chr::floor<chr::hours>(local_from)) {
    log_hour(flows, local_now);
  }
}

PowerwallSettings Simulation::owners_settings() const {
  PowerwallSettings s = owner_settings(config_.powerwall);
  s.mode = config_.powerwall_mode;
  s.export_rule = config_.export_rule;
  return s;
}

// The service's ledger rule over the readings this tick writes (the rows describe the tick that
// ends with them), so the summary says what GET /savings would.
LedgerEntry Simulation::account(const HomeFlows& flows) {
  fill_vehicle_reading(config_.car, car_, vehicle_);
  return ledger_.add(powerwall_reading(config_.powerwall, powerwall_, flows), vehicle_, now_);
}

void Simulation::record(const HomeFlows& flows, const CarTick& car, TimePoint from, double dt_s) {
  const CarStep& step = car.step;
  const CarChanges& changes = car.changes;
  const double reserve = reserve_wh(config_.powerwall);
  // Tesla's counters first: its lock is never taken while holding mu_.
  const int wake_ups = fleet_ != nullptr ? fleet_->wake_ups() : 0;
  const BillingLedger ledger = fleet_ != nullptr ? fleet_->ledger() : BillingLedger{};
  std::lock_guard lock(mu_);
  SimStats& s = stats_;
  s.sim_utc = now_;
  s.sim_local = to_local(config_.home_zone, now_);
  ++s.ticks;
  s.simulated_h += dt_s / 3600.0;
  s.solar_kwh += flows.solar_w * dt_s / kJoulesPerKwh;
  s.house_kwh += (flows.load_w - step.car_w) * dt_s / kJoulesPerKwh;
  s.car_kwh += step.car_w * dt_s / kJoulesPerKwh;
  s.car_battery_kwh += step.battery_kwh_in;
  s.grid += grid_cost(tariff_, from, flows.grid_w, dt_s);
  if (fleet_ != nullptr) {
    s.commands = seen_commands_;
    s.wake_ups = wake_ups;
    s.tesla = ledger;
  }
  s.commands_while_disconnected += car.commands_while_disconnected;
  s.amps_changes += changes.amps_set ? 1 : 0;
  s.charge_starts += changes.started ? 1 : 0;
  s.charge_stops += changes.stopped ? 1 : 0;
  s.car_sleeps += step.fell_asleep ? 1 : 0;
  s.trips += car.plug.kind == PlugEvent::Kind::Departed ? 1 : 0;
  s.car_soc = car_.battery_level;
  s.charging_state = to_string(car_.charging_state);
  s.car_asleep = is_asleep(car_);
  s.car_amps = car_.charger_actual_current;
  s.car_request_amps = car_.charge_current_request;
  s.powerwall_soc = percentage_charged(config_.powerwall, powerwall_);
  s.min_powerwall_soc = std::min(s.min_powerwall_soc, s.powerwall_soc);
  if (powerwall_.energy_left_wh < reserve - 1e-6 && flows.battery_w > 0) {
    s.powerwall_below_reserve = true;  // discharging below the reserve: must never happen
  }
  s.last_flows = flows;
  update_devices(s.devices, flows, step.car_w * dt_s / 3600.0);
}

// Tesla's live_status and site_info follow the Powerwall (taken after mu_: never both locks).
void Simulation::publish_energy_site() {
  if (fleet_ == nullptr) return;
  const HomeReadings d = devices();
  const std::string stamp = format_local_iso(config_.home_zone, now_);
  fleet_->with_front([&](TeslaFront& f) {
    f.energy_site().home = d;
    f.energy_site().timestamp = stamp;
    f.energy_site().off_grid_reserve_percent =
        config_.powerwall.off_grid_vehicle_charging_reserve_percent;
  });
}

// The gateway's and the Wall Connector's view of the tick (sim/home_devices.h).
void Simulation::update_devices(HomeReadings& d, const HomeFlows& flows, double car_wh) {
  const bool plugged = car_.charging_state != ChargingState::Disconnected;
  if (plugged && !d.plugged) {
    plugged_since_ = now_;
    session_wh_ = 0;
  }
  session_wh_ += plugged ? car_wh : 0;
  d.flows = flows;
  d.app_percent = percentage_charged(config_.powerwall, powerwall_);
  d.reserve_percent = config_.powerwall.backup_reserve_percent;
  d.mode =
      config_.powerwall_mode == OperationMode::TimeBasedControl ? "autonomous" : "self_consumption";
  d.capacity_wh = config_.powerwall.capacity_wh;
  d.plugged = plugged;
  d.charging = plugged && car_.charger_actual_current > 0;
  d.car_amps = car_.charger_actual_current;
  d.voltage_v = config_.car.voltage_v;
  d.session_s = plugged ? (now_ - plugged_since_).count() : 0;
  d.session_wh = plugged ? session_wh_ : 0;
}

void Simulation::write_rows(const HomeFlows& flows) {
  if (sink_ == nullptr) return;
  const TimePoint real = real_clock_();
  const std::string pw =
      powerwall_json(config_.shape, config_.powerwall, powerwall_, flows, config_.home_zone, now_);
  const std::string car = vehicle_row(config_.car, car_, config_.vin, now_);
  int written = 0;
  for (const Status& st : {sink_->write_battery(pw, real), sink_->write_vehicle(car, real)}) {
    if (st) {
      ++written;
      continue;
    }
    std::lock_guard lock(mu_);
    // The first failure and then every 100th, so an outage does not flood the log.
    if (stats_.write_failures++ % 100 == 0) {
      spdlog::warn("collector: {} (failures so far: {})", st.error().message,
                   stats_.write_failures);
    }
  }
  std::lock_guard lock(mu_);
  stats_.rows_written += written;
}

void Simulation::log_hour(const HomeFlows& f, LocalSeconds local) const {
  const SimStats s = stats();
  spdlog::info(
      "{} solar {:.0f} W load {:.0f} W battery {:.0f} W grid {:.0f} W | Powerwall {:.1f} % | car "
      "{} {:.1f} % {:.0f} A{} | cost ${:.2f}",
      format_wall(local), f.solar_w, f.load_w, f.battery_w, f.grid_w, s.powerwall_soc,
      s.charging_state, s.car_soc, s.car_amps, s.car_asleep ? " asleep" : "", s.grid.net_cost());
}

HomeReadings Simulation::devices() const {
  std::lock_guard lock(mu_);
  return stats_.devices;
}

SimStats Simulation::stats() const {
  std::lock_guard lock(mu_);
  return stats_;
}

}  // namespace p15::sim
