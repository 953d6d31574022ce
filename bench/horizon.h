#pragma once
// Everything a backtest case is made of, fixed before any policy runs: the household's solar and
// load, the prices, when the car is plugged in, and what each plug-in session must deliver.
// The replay (replay.h) and the optimum (optimum_lp.h) read the same Horizon, so the policies and
// the bound face exactly the same data and needs.
#include <cstdint>
#include <string>
#include <vector>

#include "service/core/tariff.h"
#include "sim/car_model.h"
#include "sim/home_model.h"
#include "sim/household_data.h"

namespace p15::bench {

// 30 minutes: the finest data resolution (Ausgrid); hourly OPSD data and hourly prices are held
// constant over two slots. Plug times fall on slot boundaries.
inline constexpr Seconds kSlot{1800};

struct Slot {
  double solar_w = 0;
  double house_w = 0;  // the household's load without the car
  double import_per_kwh = 0;
  double export_per_kwh = 0;
  bool plugged = false;
  bool weekend = false;  // in the home's local time
  // Time-Based Control's view of the hour: the local day's import price varies, and this slot
  // pays its highest (sim/home_model.h).
  bool day_varies = false;
  bool peak = false;
  bool before_peak = false;
  sim::GridHour grid_hour() const {
    return {import_per_kwh, export_per_kwh, day_varies, peak, before_peak};
  }
};

// One stay at home, plugged in: slots [first_slot, end_slot), then a departure (or the horizon's
// end). The car arrives `need_ac_kwh` short of its target (the previous trip) and must be back at
// the target on departure; what is missing then is bought at `topup_per_kwh` (the import price
// at departure) and counted in the bill.
struct Session {
  int first_slot = 0;
  int end_slot = 0;
  double need_ac_kwh = 0;  // from the wall, i.e. battery kWh / charger efficiency
  double topup_per_kwh = 0;
};

enum class Profile { Commute, Home };
std::string to_string(Profile p);

// When the car is away: the commuter leaves 07:00-18:00 on weekdays (home on weekends); the
// "home all day" driver goes out 18:00-20:00 every day. Each departure draws the day's driving
// uniformly in [trip_kwh_min, trip_kwh_max] from a seeded generator.
struct EvProfile {
  Profile profile = Profile::Commute;
  double trip_kwh_min = 8;
  double trip_kwh_max = 15;
  std::uint64_t seed = 1;
};

// Whether the car is plugged in at a local wall time.
bool plugged_at(Profile profile, LocalSeconds local);

struct HomeSetup {
  sim::PowerwallParams powerwall;
  double powerwall_start_percent = 50;
  // The operation mode and export rule the Powerwall runs in (the reserve is the params', grid
  // charging off): self-powered, or Time-Based Control with battery export.
  sim::OperationMode powerwall_mode = sim::OperationMode::SelfPowered;
  sim::ExportRule export_rule = sim::ExportRule::PvOnly;
  sim::CarParams car;
  double car_target_soc = 80;  // charge_limit_soc and the level every departure needs
};

struct Horizon {
  std::string dataset;
  std::string tariff;
  Profile profile = Profile::Commute;
  TimePoint start{};  // UTC instant of slot 0
  LocalZone zone;     // the home's local time
  std::vector<Slot> slots;
  std::vector<Session> sessions;
  std::vector<double> trips_kwh;  // battery kWh taken at each departure, in order
  HomeSetup home;
  int slots_per_day() const { return 48; }
  sim::PowerwallSettings powerwall_settings() const {
    sim::PowerwallSettings s = sim::owner_settings(home.powerwall);
    s.mode = home.powerwall_mode;
    s.export_rule = home.export_rule;
    return s;
  }
  TimePoint slot_time(int slot) const { return start + slot * kSlot; }
};

// Fills sessions and trips_kwh from the slots' `plugged` flags and the profile's seed. Exposed
// for tests that build synthetic slots.
void derive_sessions(Horizon& h, const EvProfile& ev);

// A household replayed on the home's wall clock (the simulator's rule, sim/simulation.h: the
// home lives in California, its local time is the dataset's local time), `days` days from local
// midnight `start_local`, priced with `tariff`.
Horizon build_horizon(const sim::HouseholdSeries& series, const std::string& dataset,
                      const Tariff& tariff, const EvProfile& ev, LocalSeconds start_local, int days,
                      const HomeSetup& home = {});

// The first local midnight the dataset covers fully with a year after it (OPSD: 2016-01-01,
// Ausgrid: 2011-07-01).
LocalSeconds default_start(sim::Dataset dataset);

}  // namespace p15::bench
