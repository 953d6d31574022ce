// libFuzzer target: vehicle_model.data -> VehicleReading (TeslaPy and Fleet API documents,
// domain.md section 4). Beyond "no crash": a parsed reading holds only finite numbers inside the
// ranges that vehicle_json.h documents, and a refused row is an Invalid error naming the row.
#include <cstddef>
#include <cstdint>
#include <string>

#include "service/store/vehicle_json.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

using namespace p15;
using fuzz::check;
using fuzz::check_in;

constexpr std::int64_t kRow = 7;
const TimePoint kTime{Seconds{1714564800}};

void check_reading(const VehicleReading& r) {
  check(r.row_id == kRow && r.row_time == kTime, "row id and time are the caller's");
  check(charging_state_from_string(to_string(r.charging_state)) == r.charging_state,
        "charging_state is one of the six known values");
  check_in("charger_actual_current", r.charger_actual_current, 0, 1000);
  if (r.charge_current_request) {
    check_in("charge_current_request", *r.charge_current_request, 0, 1000);
  }
  if (r.charge_current_request_max) {
    check_in("charge_current_request_max", *r.charge_current_request_max, 0, 1000);
  }
  check_in("charger_voltage", r.charger_voltage, 0, 1000);
  check_in("charger_phases", r.charger_phases, 0, 3);
  check_in("battery_level", r.battery_level, 0, 100);
  check_in("charge_limit_soc", r.charge_limit_soc, 0, 100);
  check_in("battery_range_mi", r.battery_range_mi, 0, 2000);
  check_in("charger_power_kw", r.charger_power_kw, 0, 1000);
  check_in("charge_energy_added_kwh", r.charge_energy_added_kwh, 0, 1000);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string json(reinterpret_cast<const char*>(data), size);
  auto r = parse_vehicle_json(json, kRow, kTime);
  if (!r.ok()) {
    fuzz::check_row_error(r.error(), "vehicle_model row 7: ");
    return 0;
  }
  check_reading(*r);
  return 0;
}
