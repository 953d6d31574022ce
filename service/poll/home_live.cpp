#include "service/poll/home_live.h"

namespace p15 {

HomeLive::HomeLive(Store& store, const Cycle& cycle, Clock& clock, HomeLiveSettings settings)
    : store_(store), cycle_(cycle), clock_(clock), settings_(std::move(settings)) {}

HomeView HomeLive::view() {
  HomeInputs in;
  in.now = clock_.now();
  in.stale_after = settings_.stale_after;
  in.mode = settings_.default_mode;
  if (auto pw = store_.newest_powerwall(); pw.ok()) in.powerwall = *pw;
  if (auto car = store_.newest_vehicle(); car.ok()) in.vehicle = *car;
  in.last = cycle_.last_decision();
  std::string vin = settings_.vin;
  if (vin.empty() && in.vehicle) vin = in.vehicle->vin;
  if (!vin.empty()) {
    if (auto stored = store_.read_charge_plan(vin); stored.ok() && stored->has_value()) {
      in.mode = (*stored)->setting;
      in.mode_updated_at = (*stored)->updated_at;
    }
  }
  return home_view(in, settings_.smart);
}

}  // namespace p15
