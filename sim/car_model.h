#pragma once
// The car: a battery behind an onboard charger on a 240 V single-phase wall connector, the
// charge-state fields Tesla reports, what each charging command does, when it sleeps and wakes,
// and a plug/unplug schedule with daily driving. The one model of the car: the simulator's Tesla
// (sim/tesla_front.h), the backtest and the tests all use it.
// Pure: no clock, no I/O; randomness comes in as an explicit RNG state.
#include <cstdint>
#include <string>

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
  // A woken car takes 10-60 s to come online (domain.md section 6; evcc and TeslaSolarCharger
  // both wait for it); wake_up itself answers at once with the old state.
  double wake_delay_s = 20;
};

// What Tesla's servers say of the car's connection: online, asleep, or offline (no connectivity;
// a wake-up does not reach it).
enum class Presence { Online, Asleep, Offline };

struct CarState {
  Presence presence = Presence::Online;
  double wake_in_s = -1;  // a wake-up on its way: online in this many seconds; < 0 none
  // set_charging_amps below 5 A takes effect only when sent twice in a row (domain.md section 6);
  // the first one's amps, waiting for the second.
  int pending_low_amps = -1;
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

// Something woke the car from inside (plugged in, unplugged, driven): it is online at once and
// its idle timer restarts.
void note_activity(CarState& state);

bool is_asleep(const CarState& state);
std::string to_string(Presence p);

// wake_up reached an asleep car: online after params.wake_delay_s (at once when 0). An online car
// stays online; an offline car stays offline (nothing reaches it).
void request_wake(const CarParams& params, CarState& state);

// Runs the pending wake-up's countdown (step_car does it too; the test servers call this alone).
void step_presence(CarState& state, double dt_s);

// What the car answers to one charging command (Tesla's response.result and response.reason).
// Only an online car gets commands; the caller answers for an asleep one.
struct CarAnswer {
  bool result = true;
  std::string reason;  // the car's reason when result is false
};

// set_charging_amps: 0..charge_current_request_max, else "invalid_charging_amps"; below 5 A it
// takes effect only as the second of two identical requests (the first sets 5 A).
CarAnswer set_charging_amps(const CarParams& params, CarState& state, int amps);
// charge_start: "disconnected", "is_charging" (Charging or Starting), "complete"; a NoPower car
// accepts it and stays NoPower (the wall connector gives nothing); a Stopped car starts.
CarAnswer charge_start(CarState& state);
// charge_stop: "not_charging" unless Charging or Starting, else Stopped.
CarAnswer charge_stop(CarState& state);
CarAnswer apply_command(const CarParams& params, CarState& state, const VehicleCommand& command);

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
