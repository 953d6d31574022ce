// The service's own p15_charge_plan table through MariaDbStore, against a real MariaDB (run under
// scripts/with-mariadb.sh).
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "service/store/mariadb_store.h"
#include "tests/support/service_process.h"
#include "tests/support/test_db.h"

namespace p15::test {
namespace {

const char* const kVin = "5YJ3E1EA1KF000001";
const TimePoint kAt{Seconds{1'718'000'000}};  // 2024-06-10 06:13:20 UTC

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

StoredChargeMode stored(const std::string& vin, ChargeModeSetting s, TimePoint at = kAt) {
  return StoredChargeMode{vin, s, at};
}

class ChargePlanStore : public ::testing::Test {
 protected:
  std::string schema() {
    std::ifstream in(test_source_dir() + "/config/schema.sql");
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  }

  TestDatabase db_;
  MariaDbStore store_{db_.config()};
};

TEST_F(ChargePlanStore, NothingStoredIsNoPlanNotAnError) {
  auto r = store_.read_charge_plan(kVin);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_FALSE(r->has_value());
}

TEST_F(ChargePlanStore, UpsertThenReadGivesEveryFieldBack) {
  ASSERT_TRUE(store_.upsert_charge_plan(stored(kVin, {ChargeMode::Plan, Seconds{27000}, 80})).ok());
  auto r = store_.read_charge_plan(kVin);
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_TRUE(r->has_value());
  const StoredChargeMode& p = **r;
  EXPECT_EQ(p.vin, kVin);
  EXPECT_EQ(p.setting.mode, ChargeMode::Plan);
  EXPECT_EQ(p.setting.departure_local, Seconds{27000});
  EXPECT_EQ(p.setting.target_soc, 80);
  EXPECT_EQ(p.updated_at, kAt);
  // As the columns hold it: "HH:MM" text and a UTC DATETIME.
  auto row = db_.query("SELECT mode, departure_local, target_soc, updated_at FROM p15_charge_plan");
  ASSERT_EQ(row.size(), 1u);
  EXPECT_EQ(row[0][0], "plan");
  EXPECT_EQ(row[0][1], "07:30");
  EXPECT_EQ(row[0][2], "80");
  EXPECT_EQ(row[0][3], "2024-06-10 06:13:20");
}

TEST_F(ChargePlanStore, ASecondUpsertReplacesTheRowIncludingNulls) {
  ASSERT_TRUE(store_.upsert_charge_plan(stored(kVin, {ChargeMode::Plan, Seconds{27000}, 80})).ok());
  ASSERT_TRUE(
      store_.upsert_charge_plan(stored(kVin, {ChargeMode::SolarMin, {}, {}}, kAt + Seconds{60}))
          .ok());
  EXPECT_EQ(db_.scalar("SELECT COUNT(*) FROM p15_charge_plan"), "1");
  auto r = store_.read_charge_plan(kVin);
  ASSERT_TRUE(r.ok() && r->has_value());
  EXPECT_EQ((*r)->setting.mode, ChargeMode::SolarMin);
  EXPECT_FALSE((*r)->setting.departure_local.has_value());
  EXPECT_FALSE((*r)->setting.target_soc.has_value());
  EXPECT_EQ((*r)->updated_at, kAt + Seconds{60});
}

TEST_F(ChargePlanStore, CarsAreKeptApartAndTheVinIsNotSql) {
  ASSERT_TRUE(store_.upsert_charge_plan(stored(kVin, {ChargeMode::Fast, {}, {}})).ok());
  ASSERT_TRUE(
      store_.upsert_charge_plan(stored("5YJ3E1EA1KF000002", {ChargeMode::Off, {}, {}})).ok());
  EXPECT_EQ((*store_.read_charge_plan(kVin))->setting.mode, ChargeMode::Fast);
  EXPECT_EQ((*store_.read_charge_plan("5YJ3E1EA1KF000002"))->setting.mode, ChargeMode::Off);
  auto injected = store_.read_charge_plan("x' OR '1'='1");
  ASSERT_TRUE(injected.ok()) << injected.error().message;
  EXPECT_FALSE(injected->has_value());
}

TEST_F(ChargePlanStore, AnInvalidSettingIsNotWritten) {
  auto st = store_.upsert_charge_plan(stored(kVin, {ChargeMode::Plan, {}, 80}));
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().kind, ErrorKind::Invalid);
  EXPECT_TRUE(contains(st.error().message, "departure")) << st.error().message;
  auto long_vin = store_.upsert_charge_plan(stored(std::string(33, 'V'), {}));
  ASSERT_FALSE(long_vin.ok());
  EXPECT_TRUE(contains(long_vin.error().message, "vin must be 1..32 characters"));
  EXPECT_EQ(db_.scalar("SELECT COUNT(*) FROM p15_charge_plan"), "0");
}

struct BadRow {
  const char* name;
  const char* values;  // mode, departure_local, target_soc
  const char* message;
};

class ChargePlanBadRow : public ChargePlanStore, public ::testing::WithParamInterface<BadRow> {};

TEST_P(ChargePlanBadRow, IsInvalidNamingTheVinAndTheColumn) {
  db_.exec(std::string("INSERT INTO p15_charge_plan VALUES ('") + kVin + "', " + GetParam().values +
           ", '2024-06-10 06:13:20')");
  auto r = store_.read_charge_plan(kVin);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Invalid);
  EXPECT_TRUE(contains(r.error().message, std::string("p15_charge_plan row for VIN ") + kVin))
      << r.error().message;
  EXPECT_TRUE(contains(r.error().message, GetParam().message)) << r.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Rows, ChargePlanBadRow,
    ::testing::Values(BadRow{"unknown_mode", "'turbo', NULL, NULL", "mode \"turbo\""},
                      BadRow{"bad_departure", "'solar', '7h30', NULL", "departure_local"},
                      BadRow{"target_zero", "'solar', NULL, 0", "target_soc"},
                      BadRow{"target_over_100", "'fast', NULL, 150", "target_soc"},
                      BadRow{"plan_without_departure", "'plan', NULL, 80", "departure"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST_F(ChargePlanStore, AMissingTableIsUnavailableSayingHowToCreateIt) {
  db_.exec("DROP TABLE p15_charge_plan");
  auto r = store_.read_charge_plan(kVin);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Unavailable);
  EXPECT_TRUE(contains(r.error().message, "apply config/schema.sql")) << r.error().message;
  auto w = store_.upsert_charge_plan(stored(kVin, {ChargeMode::Fast, {}, {}}));
  ASSERT_FALSE(w.ok());
  EXPECT_TRUE(contains(w.error().message, "apply config/schema.sql")) << w.error().message;
  db_.exec(schema());
  EXPECT_TRUE(store_.upsert_charge_plan(stored(kVin, {ChargeMode::Fast, {}, {}})).ok());
  EXPECT_TRUE(store_.read_charge_plan(kVin).ok());
}

TEST(ChargePlanStoreDown, IsUnavailableNamingTheDatabase) {
  DatabaseConfig config;
  config.host = "127.0.0.1";
  config.port = free_port();
  config.name = "p15_nowhere";
  config.connect_timeout_s = 2;
  MariaDbStore store(config);
  auto r = store.read_charge_plan(kVin);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Unavailable);
  EXPECT_TRUE(contains(r.error().message, "/p15_nowhere")) << r.error().message;
  auto w = store.upsert_charge_plan(stored(kVin, {ChargeMode::Fast, {}, {}}));
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.error().kind, ErrorKind::Unavailable);
}

}  // namespace
}  // namespace p15::test
