#include "service/core/home_view.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "service/core/command_plan.h"
#include "service/core/freshness.h"
#include "service/core/smart_policy.h"
#include "service/core/smart_surplus.h"

namespace p15 {

namespace {

std::string kw_text(double w) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f kW", w / 1000.0);
  return buf;
}

std::string percent_text(double p) {
  return std::to_string(static_cast<int>(std::lround(p))) + " %";
}

// What the smart policy's "why" means to an owner.
std::string source_words(const std::string& why) {
  if (why == "surplus") return "surplus solar";
  if (why == "surplus the Powerwall cannot store") return "solar the Powerwall cannot store";
  if (why == "spare Powerwall energy") return "spare Powerwall energy";
  if (why == "mode fast") return "fast mode, the car's maximum";
  if (why == "cheapest grid hour before departure")
    return "the grid, in the cheapest hours before the departure";
  if (why == "cheapest grid price, going on")
    return "the grid, going on at the cheapest price before the departure";
  if (why == "solar+min floor") return "solar+min's floor current";
  return why;
}

// The Powerwall gives the car nothing more once it is back at its reserve.
bool powerwall_at_floor(const PowerwallReading& pw) {
  return pw.percentage_charged <= pw.backup_reserve_percent + 1.0 && pw.battery_w >= 0;
}

// What the recorded reason adds after "; not sent: " (the owner's override, a spent wake budget).
std::string not_sent_tail(const std::string& reason) {
  const auto at = reason.find("; not sent: ");
  return at == std::string::npos ? "" : reason.substr(at + 2);
}

std::string idle_words(const Decision& d, const VehicleReading& car,
                       const std::optional<PowerwallReading>& pw, const SmartSettings& s) {
  const double need = number_feature(d, "need_kwh").value_or(1);
  if (need <= 0) return "nothing to add: the car is at its target";
  // The least surplus that starts the car: its minimum current at its voltage.
  const double start_w = s.min_amps * smart::voltage(car, s);
  const std::optional<double> surplus = number_feature(d, "surplus_avg_w");
  if (pw && powerwall_at_floor(*pw) && number_feature(d, "powerwall_spare_wh").value_or(0) <= 0 &&
      surplus.value_or(0) < start_w) {
    return "holding: the Powerwall is at its floor (" + percent_text(pw->percentage_charged) +
           ", reserve " + percent_text(pw->backup_reserve_percent) +
           ") and the sun gives too little";
  }
  if (surplus && start_w - *surplus > 0) {
    return "waiting for " + kw_text(start_w - *surplus) + " more surplus";
  }
  return d.reason;
}

}  // namespace

std::string explain(const Decision& d, const VehicleReading& car,
                    const std::optional<PowerwallReading>& pw, const SmartSettings& s) {
  std::string words;
  if (car.charging_state == ChargingState::Disconnected) {
    words = "not plugged in";
  } else if (car.charging_state == ChargingState::Complete) {
    words = "charged: the car is at " + percent_text(car.battery_level);
  } else if (text_feature(d, "mode") == "off") {
    words = "off: charging is turned off for this car";
  } else if (d.amps > 0 && d.intent != ChargeIntent::Stop &&
             text_feature(d, "why") == "no surplus") {
    // The smart policy holds the current through a short dip before it stops the car.
    words = "still charging at " + std::to_string(d.amps) + " A (" +
            kw_text(d.amps * smart::voltage(car, s)) +
            ") while the surplus is short: it stops if that lasts";
  } else if (d.amps > 0 && d.intent != ChargeIntent::Stop) {
    const double kw = d.amps * smart::voltage(car, s);
    const std::string why = text_feature(d, "why");
    words = std::string(is_charging(car.charging_state) ? "charging" : "starting") + " at " +
            std::to_string(d.amps) + " A (" + kw_text(kw) + ")" +
            (why.empty() ? "" : " from " + source_words(why));
  } else {
    words = idle_words(d, car, pw, s);
  }
  const std::string tail = not_sent_tail(d.reason);
  return tail.empty() || words == d.reason ? words : words + "; " + tail;
}

namespace {

CarView car_view(const VehicleReading& car, const SmartSettings& s) {
  CarView v;
  v.vin = car.vin;
  v.amps = is_charging(car.charging_state) ? car.charger_actual_current : 0;
  v.kw = smart::car_draw_w(car, s) / 1000.0;
  v.soc_percent = car.battery_level;
  v.charge_limit_percent = car.charge_limit_soc;
  v.plugged_in = car.charging_state != ChargingState::Disconnected;
  v.state = to_string(car.state);
  v.asleep = asleep_or_offline(car.state);
  v.charging_state = to_string(car.charging_state);
  return v;
}

}  // namespace

HomeView home_view(const HomeInputs& in, const SmartSettings& s) {
  HomeView v;
  v.at = in.now;
  v.mode = in.mode;
  v.mode_updated_at = in.mode_updated_at;
  const VehicleReading car = in.vehicle.value_or(VehicleReading{});
  std::optional<double> owner_target;
  if (in.mode.target_soc) owner_target = *in.mode.target_soc;
  v.target_soc = smart::target_soc(owner_target, car, s);
  const double car_w = smart::car_draw_w(car, s);
  v.stale = !in.powerwall || !in.vehicle;
  if (in.powerwall) {
    const PowerwallReading& pw = *in.powerwall;
    v.has_powerwall = true;
    v.powerwall_age_s = age_s(pw.reading_time.value_or(pw.row_time), in.now);
    v.stale = v.stale || v.powerwall_age_s > in.stale_after.count();
    v.flow = {pw.solar_w, smart::house_w(pw, car, s), pw.battery_w, pw.grid_w, car_w};
    v.powerwall = {pw.percentage_charged, pw.backup_reserve_percent, pw.battery_w,
                   powerwall_at_floor(pw), pw.grid_status};
  }
  if (in.vehicle) {
    v.has_vehicle = true;
    v.vehicle_age_s = age_s(car.row_time, in.now);
    v.stale = v.stale || v.vehicle_age_s > in.stale_after.count();
    v.car = car_view(car, s);
    v.flow.car_w = car_w;
    const double need_kwh = smart::need_kwh(car, v.target_soc, s);
    if (car_w > 0 && need_kwh > 0) {
      v.time_to_target_s = std::llround(need_kwh * 1000.0 / car_w * 3600.0);
    } else if (need_kwh <= 0 && v.car.plugged_in) {
      v.time_to_target_s = 0;
    }
  }
  if (in.last) {
    const Decision& d = in.last->decision;
    v.decision = DecisionView{d.amps,
                              to_string(d.intent),
                              d.policy,
                              d.reason,
                              explain(d, car, in.powerwall, s),
                              in.last->decided_at,
                              in.last->record_id};
  }
  return v;
}

}  // namespace p15
