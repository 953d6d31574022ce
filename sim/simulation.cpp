#include "sim/simulation.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "sim/car_energy.h"
#include "sim/collector_json.h"
#include "sim/sim_time.h"

namespace p15::sim {

namespace chr = std::chrono;

namespace {

constexpr double kJoulesPerKwh = 3.6e6;

bool is_vehicle_data_read(const FleetRequest& r) {
  return r.method == "GET" && r.status == 200 && r.path.find("/vehicle_data") != std::string::npos;
}

}  // namespace

TimePoint home_time(const LocalZone& zone, LocalSeconds local) {
  const LocalToUtc at = to_utc(zone, local);
  if (at.matches == 0) return TimePoint{local.time_since_epoch() - zone.standard_offset};
  return at.earlier;
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
      rng_(config_.seed) {
  now_ = home_time(config_.home_zone, config_.start);
  powerwall_.energy_left_wh =
      config_.powerwall.capacity_wh * config_.powerwall_start_percent / 100.0;
  car_ = initial_car_state(config_.plug, config_.start, config_.car_start_level,
                           config_.charge_limit_soc);
  if (fleet_ != nullptr) {
    fleet_->with_car([&](FakeCar& f) {
      f.vin = config_.vin;
      publish(config_.car, car_, f, mirror_);
    });
  }
  stats_.sim_utc = now_;
  stats_.sim_local = config_.start;
  stats_.car_soc = car_.battery_level;
  stats_.charging_state = to_string(car_.charging_state);
  stats_.powerwall_soc = percentage_charged(config_.powerwall, powerwall_);
  stats_.min_powerwall_soc = stats_.powerwall_soc;
}

Simulation::FleetTraffic Simulation::poll_fleet_counters() {
  FleetTraffic t;
  if (fleet_ == nullptr) return t;
  const int total = fleet_->commands();
  t.new_commands = total - seen_commands_;
  seen_commands_ = total;
  // Reading vehicle_data keeps a real car awake; the log is cleared so it cannot grow.
  const auto log = fleet_->requests();
  fleet_->clear_requests();
  t.data_read = std::any_of(log.begin(), log.end(), is_vehicle_data_read);
  return t;
}

FleetChanges Simulation::exchange_with_fleet(CarStep& step, double dt_s) {
  FleetChanges changes;
  if (fleet_ == nullptr) {
    step = step_car(config_.car, car_, dt_s);
    return changes;
  }
  // One critical section: a command arriving between reading and writing would be lost.
  fleet_->with_car([&](FakeCar& f) {
    changes = read_back(f, mirror_, car_);
    step = step_car(config_.car, car_, dt_s);
    publish(config_.car, car_, f, mirror_);
  });
  return changes;
}

void Simulation::tick() {
  const double dt_s = config_.tick_s;
  const TimePoint from = now_;
  now_ = from + chr::duration_cast<Seconds>(chr::duration<double>(dt_s));
  const LocalSeconds local_from = to_local(config_.home_zone, from);
  const LocalSeconds local_now = to_local(config_.home_zone, now_);
  const HouseholdSample& x = sample_at(series_, dataset_time(series_, local_from));

  const PlugEvent plug =
      apply_schedule(config_.car, config_.plug, car_, local_from, local_now, rng_);
  const bool was_disconnected = mirror_.charging_state == "Disconnected";
  const FleetTraffic traffic = poll_fleet_counters();
  if (traffic.data_read) note_activity(car_);
  CarStep step;
  const FleetChanges changes = exchange_with_fleet(step, dt_s);
  const CarEnergySplit split =
      attribute_car_energy(config_.powerwall, powerwall_, x.solar_w, x.load_w, step.car_w, dt_s);
  {
    const auto hour = static_cast<std::size_t>(
        chr::floor<chr::hours>(local_from - chr::floor<chr::days>(local_from)).count());
    std::lock_guard lock(mu_);
    stats_.car_from_solar_kwh += split.from_solar_wh / 1000;
    stats_.car_from_powerwall_kwh += split.from_battery_wh / 1000;
    stats_.car_from_grid_kwh += split.from_grid_wh / 1000;
    stats_.car_kwh_by_hour[hour] += step.car_w * dt_s / kJoulesPerKwh;
    stats_.car_from_grid_kwh_by_hour[hour] += split.from_grid_wh / 1000;
  }
  const HomeFlows flows =
      step_home(config_.powerwall, powerwall_, x.solar_w, x.load_w, step.car_w, dt_s);
  FleetTraffic counted = traffic;
  if (!was_disconnected) counted.new_commands = 0;
  record(flows, step, changes, counted, plug, from, dt_s);
  write_rows(flows);
  if (chr::floor<chr::hours>(local_now) != chr::floor<chr::hours>(local_from)) {
    log_hour(flows, local_now);
  }
}

void Simulation::record(const HomeFlows& flows, const CarStep& step, const FleetChanges& changes,
                        const FleetTraffic& traffic, const PlugEvent& plug, TimePoint from,
                        double dt_s) {
  const double reserve = reserve_wh(config_.powerwall);
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
    s.wake_ups = fleet_->wake_ups();
  }
  s.commands_while_disconnected += traffic.new_commands;
  s.amps_changes += changes.amps_set ? 1 : 0;
  s.charge_starts += changes.started ? 1 : 0;
  s.charge_stops += changes.stopped ? 1 : 0;
  s.car_sleeps += step.fell_asleep ? 1 : 0;
  s.trips += plug.kind == PlugEvent::Kind::Departed ? 1 : 0;
  s.car_soc = car_.battery_level;
  s.charging_state = to_string(car_.charging_state);
  s.car_asleep = car_.asleep;
  s.car_amps = car_.charger_actual_current;
  s.car_request_amps = car_.charge_current_request;
  s.powerwall_soc = percentage_charged(config_.powerwall, powerwall_);
  s.min_powerwall_soc = std::min(s.min_powerwall_soc, s.powerwall_soc);
  if (powerwall_.energy_left_wh < reserve - 1e-6 && flows.battery_w > 0) {
    s.powerwall_below_reserve = true;  // discharging below the reserve: must never happen
  }
  s.last_flows = flows;
}

void Simulation::write_rows(const HomeFlows& flows) {
  if (sink_ == nullptr) return;
  const TimePoint real = real_clock_();
  const std::string pw =
      powerwall_json(config_.shape, config_.powerwall, powerwall_, flows, config_.home_zone, now_);
  const std::string car = vehicle_json(config_.car, car_, config_.vin, now_);
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

SimStats Simulation::stats() const {
  std::lock_guard lock(mu_);
  return stats_;
}

}  // namespace p15::sim
