#pragma once
// One simulated home: household data, the Powerwall and car models, the tariff, the fake Fleet
// API's car and the collector rows, advanced one tick of simulated time at a time. Pacing in
// real time, signals and HTTP live in sim_app; this class only knows simulated time (plus the
// real clock it stamps rows with, injected).
#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>

#include "service/config/time_zones.h"
#include "service/core/energy_ledger.h"
#include "service/core/tariff.h"
#include "service/core/types.h"
#include "sim/car_model.h"
#include "sim/collector_writer.h"
#include "sim/fake_fleet.h"
#include "sim/home_devices.h"
#include "sim/home_model.h"
#include "sim/household_data.h"
#include "sim/ledger_summary.h"

namespace p15::sim {

struct SimConfig {
  PowerwallParams powerwall;
  double powerwall_start_percent = 50;
  // The mode and export rule the Powerwall runs in (the reserve is the params'): Time-Based
  // Control takes its hours from the tariff.
  OperationMode powerwall_mode = OperationMode::SelfPowered;
  ExportRule export_rule = ExportRule::PvOnly;
  CarParams car;
  PlugSchedule plug;
  double car_start_level = 50;
  double charge_limit_soc = 90;
  PowerwallShape shape = PowerwallShape::LiveStatus;
  double tick_s = 30;
  std::uint64_t seed = 1;
  // The home lives in California: its wall clock is the dataset's wall clock, replayed in
  // Pacific time, so the data's sunny hours meet PG&E's prices at the same local hours.
  LocalZone home_zone = us_pacific_zone();
  LocalSeconds start{};  // local wall time of the first tick
  std::string vin = "5YJ3E1EA1KF000001";
  bool car_starts_asleep = false;
};

// What Tesla's commands changed in the car between two ticks.
struct CarChanges {
  bool amps_set = false;  // charge_current_request changed (set_charging_amps)
  bool started = false;   // began charging (charge_start)
  bool stopped = false;   // stopped charging (charge_stop)
  bool woken = false;     // came online after being asleep (wake_up)
};
CarChanges car_changes(const CarState& before, const CarState& after);

// What the simulation did so far; a copy is safe to read from any thread.
struct SimStats {
  TimePoint sim_utc{};
  LocalSeconds sim_local{};
  long long ticks = 0;
  double simulated_h = 0;
  double solar_kwh = 0;
  double house_kwh = 0;
  double car_kwh = 0;          // AC energy from the wall into the car
  double car_battery_kwh = 0;  // of which reached the battery
  // The service's cost ledger (account_cycle) over the rows the simulation writes: car_kwh by
  // source as the ledger counts it, its cost and charge-now's; the three below are its kWh.
  LedgerTotals car_ledger;
  double car_from_solar_kwh = 0;
  double car_from_powerwall_kwh = 0;
  double car_from_grid_kwh = 0;
  // car_kwh and car_from_grid_kwh by the home's local hour of day (0..23) the energy flowed in,
  // so a run can show which tariff hours the car bought its grid energy in.
  std::array<double, 24> car_kwh_by_hour{};
  std::array<double, 24> car_from_grid_kwh_by_hour{};
  GridCost grid;
  int commands = 0;  // the fake's counters
  int wake_ups = 0;
  int commands_while_disconnected = 0;
  int amps_changes = 0;  // what the commands changed in the car
  int charge_starts = 0;
  int charge_stops = 0;
  int car_sleeps = 0;
  int trips = 0;
  double car_soc = 0;
  std::string charging_state;
  bool car_asleep = false;
  double car_amps = 0;
  int car_request_amps = 0;
  double powerwall_soc = 0;
  double min_powerwall_soc = 100;
  bool powerwall_below_reserve = false;
  HomeFlows last_flows;
  HomeReadings devices;  // what the gateway and the Wall Connector report now
  long long rows_written = 0;
  long long write_failures = 0;
  BillingLedger tesla;  // what Tesla would bill for the service's requests so far
};

class Simulation {
 public:
  // `fleet` and `sink` may be null (no fake car API, no database).
  Simulation(SimConfig config, HouseholdSeries series, Tariff tariff, FakeFleetServer* fleet,
             CollectorSink* sink, std::function<TimePoint()> real_clock);

  void tick();
  SimStats stats() const;
  // What the gateway and the Wall Connector report now: stats().devices without copying the rest
  // (asked on every device request).
  HomeReadings devices() const;
  const SimConfig& config() const { return config_; }
  // The simulated time, safe from any thread (Tesla's model reads it for token lifetimes).
  TimePoint now() const { return clock_.load(); }

 private:
  PowerwallSettings owners_settings() const;  // as the simulation was configured
  struct CarTick {
    CarStep step;
    PlugEvent plug;
    CarChanges changes;
    int commands_while_disconnected = 0;
  };
  CarTick step_the_car(LocalSeconds local_from, LocalSeconds local_now, double dt_s);
  void record(const HomeFlows& flows, const CarTick& car, TimePoint from, double dt_s);
  void write_rows(const HomeFlows& flows);
  void update_devices(HomeReadings& d, const HomeFlows& flows, double car_wh);
  void publish_energy_site();
  LedgerEntry account(const HomeFlows& flows);
  void log_hour(const HomeFlows& flows, LocalSeconds local) const;

  SimConfig config_;
  HouseholdSeries series_;
  Tariff tariff_;
  FakeFleetServer* fleet_;
  CollectorSink* sink_;
  std::function<TimePoint()> real_clock_;

  TimePoint now_{};
  std::atomic<TimePoint> clock_{};  // now_, for other threads
  PowerwallState powerwall_;
  CarState car_;  // the car as of the last tick (a copy of Tesla's model's when there is one)
  std::uint64_t rng_;
  int seen_commands_ = 0;
  LedgerSummary ledger_;       // the summary's car energy, cost and baseline
  TimePoint plugged_since_{};  // the Wall Connector's session start
  double session_wh_ = 0;
  VehicleReading vehicle_;  // the car's reading, reused each tick

  mutable std::mutex mu_;  // guards stats_
  SimStats stats_;
};

// The real instant the simulated home's wall clock `local` names (first one if repeated).
TimePoint home_time(const LocalZone& zone, LocalSeconds local);

}  // namespace p15::sim
