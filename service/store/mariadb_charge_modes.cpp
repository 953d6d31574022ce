#include "service/store/mariadb_charge_modes.h"

#include "service/core/local_time.h"
#include "service/store/charge_plan_row.h"
#include "service/store/mariadb_statement.h"

namespace p15 {
namespace {

constexpr Query kRead{"p15_charge_plan.read", kChargePlanTable,
                      "SELECT mode, departure_local, target_soc, UNIX_TIMESTAMP(updated_at) "
                      "FROM p15_charge_plan WHERE vin = ?"};

constexpr Query kUpsert{
    "p15_charge_plan.upsert", kChargePlanTable,
    "INSERT INTO p15_charge_plan (vin, mode, departure_local, target_soc, updated_at) "
    "VALUES (?, ?, ?, ?, FROM_UNIXTIME(?)) ON DUPLICATE KEY UPDATE mode = VALUES(mode), "
    "departure_local = VALUES(departure_local), target_soc = VALUES(target_soc), "
    "updated_at = VALUES(updated_at)"};

Status check_vin(const std::string& vin) {
  if (vin.empty() || vin.size() > kChargePlanVinMaxChars) {
    return Error{std::string(kChargePlanTable) + ": vin must be 1.." +
                     std::to_string(kChargePlanVinMaxChars) + " characters, got " +
                     std::to_string(vin.size()),
                 ErrorKind::Invalid};
  }
  return ok_status();
}

}  // namespace

Result<std::optional<StoredChargeMode>> MariaDbChargeModes::read_charge_plan(
    const std::string& vin) {
  using Answer = Result<std::optional<StoredChargeMode>>;
  if (auto st = check_vin(vin); !st) return st.error();
  return connection_.with_session([&](Session& session) -> Answer {
    Statement st(session, kRead, std::string("reading ") + kChargePlanTable + " for VIN " + vin);
    st.text(vin);
    if (auto ok = st.execute(); !ok) return ok.error();
    auto row = st.fetch();
    if (!row) return row.error();
    if (!*row) return std::optional<StoredChargeMode>{};
    auto stored = charge_plan_from_row(
        ChargePlanRow{vin, st.text_at(0), st.text_at(1), st.text_at(2), st.text_at(3)});
    if (!stored) return stored.error();
    return std::optional<StoredChargeMode>{std::move(stored).value()};
  });
}

Status MariaDbChargeModes::upsert_charge_plan(const StoredChargeMode& plan) {
  if (auto st = check_vin(plan.vin); !st) return st;
  if (auto st = check_charge_mode(plan.setting); !st) return st;
  return connection_.with_session([&](Session& session) -> Status {
    Statement st(session, kUpsert,
                 std::string("writing ") + kChargePlanTable + " for VIN " + plan.vin);
    st.text(plan.vin).text(to_string(plan.setting.mode));
    if (plan.setting.departure_local) {
      st.text(format_time_of_day(*plan.setting.departure_local));
    } else {
      st.null();
    }
    if (plan.setting.target_soc) {
      st.integer(*plan.setting.target_soc);
    } else {
      st.null();
    }
    st.integer(plan.updated_at.time_since_epoch().count());
    return st.execute();
  });
}

}  // namespace p15
