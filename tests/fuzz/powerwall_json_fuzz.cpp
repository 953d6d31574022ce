// libFuzzer target: battery_model.data -> PowerwallReading (both shapes, domain.md section 3).
// Beyond "no crash": a parsed reading holds only finite numbers inside the ranges that
// powerwall_json.h documents, and a refused row is an Invalid error naming the table and row.
#include <cstddef>
#include <cstdint>
#include <string>

#include "service/store/powerwall_json.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

using namespace p15;
using fuzz::check;
using fuzz::check_in;

constexpr std::int64_t kRow = 42;
const TimePoint kTime{Seconds{1714564800}};

void check_reading(const PowerwallReading& r) {
  check(r.row_id == kRow && r.row_time == kTime, "row id and time are the caller's");
  check_in("solar_w", r.solar_w, -100, 100000);
  check_in("load_w", r.load_w, 0, 100000);
  check_in("grid_w", r.grid_w, -100000, 100000);
  check_in("battery_w", r.battery_w, -100000, 100000);
  check_in("generator_w", r.generator_w, -100000, 100000);
  check_in("energy_left_wh", r.energy_left_wh, 0, 1e6);
  check_in("total_pack_energy_wh", r.total_pack_energy_wh, 0, 1e6);
  check(r.total_pack_energy_wh > 0, "total_pack_energy_wh is positive");
  check_in("backup_reserve_percent", r.backup_reserve_percent, 0, 100);
  check_in("percentage_charged", r.percentage_charged, 0, 100);
  check(r.shape == PowerwallShape::Legacy || r.shape == PowerwallShape::Current ||
            r.shape == PowerwallShape::LiveStatus,
        "shape");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string json(reinterpret_cast<const char*>(data), size);
  auto r = parse_powerwall_json(json, kRow, kTime);
  if (!r.ok()) {
    fuzz::check_row_error(r.error(), "battery_model row 42: ");
    return 0;
  }
  check_reading(*r);
  return 0;
}
