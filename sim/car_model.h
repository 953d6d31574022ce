#pragma once
// The car: a battery behind an onboard charger on a 240 V single-phase wall connector, the
// charge-state fields Tesla reports, a sleep timer, and a plug/unplug schedule with daily driving.
// Pure: no clock, no I/O; randomness comes in as an explicit RNG state.
#include <cstdint>

#include "service/core/tariff.h"
#include "service/core/types.h"

namespace p15::sim {

struct CarParams {
  double battery_kwh = 75;  // Model 3 Long Range class
  // Rated range per kWh: 75 kWh x 4.0 = 300 mi, between a Model 3 LR's EPA rating and real
  // highway use.
  double miles_per_kwh = 4.0;
  int car_max_a = 32;   // what the car allows (charge_current_request_max with a bigger EVSE)
  int evse_max_a = 48;  // the wall connector's limit; the effective maximum is the smaller
  // How fast charger_actual_current follows the request. Tesla ramps over a few seconds; 2 A/s
  // takes 0 -> 32 A in 16 s, shorter than one 30 s tick.
  double ramp_a_per_s = 2.0;
  double voltage_v = 240;
  double charger_efficiency = 0.90;  // AC from the wall -> energy into the battery
  double sleep_after_s = 15 * 60;    // idle time before the car sleeps (never while charging)
  // A real Tesla starts charging when plugged in unless scheduled charging holds it; the
  // simulated owner lets the service decide, so plugging in leaves the car Stopped.
  bool start_on_plug_in = false;
};

struct CarState {
  bool asleep = false;
  ChargingState charging_state = ChargingState::Stopped;
  double battery_level = 50;           // %
  double charge_limit_soc = 90;        // %
  int charge_current_request = 16;     // A, as last set by set_charging_amps
  double charger_actual_current = 0;   // A; reported rounded
  double charge_energy_added_kwh = 0;  // this session, into the battery
  double idle_s = 0;                   // seconds without charging or commands
};

int charge_current_request_max(const CarParams& params);
double battery_range_mi(const CarParams& params, const CarState& state);
double charger_power_kw(const CarParams& params, const CarState& state);
double minutes_to_full_charge(const CarParams& params, const CarState& state);

// What a step did.
struct CarStep {
  double car_w = 0;           // average AC power drawn from the home over the step
  double battery_kwh_in = 0;  // energy that went into the battery
  bool completed = false;     // reached charge_limit_soc: now Complete
  bool fell_asleep = false;
};

// Advances the car by dt_s seconds: the current ramps toward the request (0 unless Charging),
// the battery fills, Complete at the limit, and the sleep timer runs while not charging.
CarStep step_car(const CarParams& params, CarState& state, double dt_s);

// A command or wake-up reached the car: it is awake and its idle timer restarts.
void note_activity(CarState& state);

enum class PlugMode { Always, Schedule };

struct PlugSchedule {
  PlugMode mode = PlugMode::Schedule;
  Seconds arrive_at = std::chrono::hours{18};                           // local time of day
  Seconds leave_at = std::chrono::hours{7} + std::chrono::minutes{30};  // local time of day
  double trip_kwh_min = 8;  // energy a day's driving takes, drawn uniformly
  double trip_kwh_max = 15;
};

bool plugged_in_at(const PlugSchedule& schedule, LocalSeconds local);

// A deterministic uniform draw in [0, 1) (splitmix64); `rng_state` advances.
double uniform01(std::uint64_t& rng_state);

struct PlugEvent {
  enum class Kind { None, Departed, Arrived };
  Kind kind = Kind::None;
  double trip_kwh = 0;  // on departure: the day's driving, taken from the battery
};

// Applies a departure or arrival between `before` and `now` (local wall times). Leaving unplugs
// the car and takes the day's driving energy from the battery; arriving plugs it in, Stopped,
// with a new session's charge_energy_added.
PlugEvent apply_schedule(const CarParams& params, const PlugSchedule& schedule, CarState& state,
                         LocalSeconds before, LocalSeconds now, std::uint64_t& rng_state);

// Plugged in (Stopped) or away (Disconnected) per the schedule at `local`.
CarState initial_car_state(const PlugSchedule& schedule, LocalSeconds local, double battery_level,
                           double charge_limit_soc);

}  // namespace p15::sim
