#include "service/store/charge_plan_row.h"

#include <charconv>

#include "service/core/local_time.h"

namespace p15 {

namespace {

std::optional<long long> to_integer(const std::string& s) {
  long long v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

}  // namespace

Result<StoredChargeMode> charge_plan_from_row(const ChargePlanRow& row) {
  const std::string where = std::string(kChargePlanTable) + " row for VIN " + row.vin + ": ";
  auto invalid = [&](const std::string& why) { return Error{where + why, ErrorKind::Invalid}; };
  StoredChargeMode out;
  out.vin = row.vin;
  if (!row.mode) return invalid("mode is NULL");
  auto mode = charge_mode_from_string(*row.mode);
  if (!mode) return invalid("mode \"" + *row.mode + "\" is not a charge mode");
  out.setting.mode = *mode;
  if (row.departure_local) {
    auto tod = parse_time_of_day(*row.departure_local, "departure_local");
    if (!tod) return invalid(tod.error().message);
    out.setting.departure_local = *tod;
  }
  if (row.target_soc) {
    auto target = to_integer(*row.target_soc);
    if (!target) return invalid("target_soc \"" + *row.target_soc + "\" is not an integer");
    out.setting.target_soc = static_cast<int>(*target);
  }
  auto updated = row.updated_at_s ? to_integer(*row.updated_at_s) : std::nullopt;
  if (!updated) return invalid("updated_at is NULL or out of range");
  out.updated_at = TimePoint{Seconds{*updated}};
  if (auto st = check_charge_mode(out.setting); !st) return invalid(st.error().message);
  return out;
}

}  // namespace p15
