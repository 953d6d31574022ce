// The simulator's collector side creates its tables from config/schema.sql, the project's only
// DDL, against a real MariaDB.
#include "sim/collector_writer.h"

#include <gtest/gtest.h>

#include "sim/sim_app.h"
#include "tests/support/test_db.h"

namespace p15::test {
namespace {

sim::DbOptions options_for(TestDatabase& db, std::string schema_file) {
  const DatabaseConfig c = db.config();
  return sim::DbOptions{.host = c.host,
                        .port = c.port,
                        .socket = {},
                        .user = c.user,
                        .password = c.password,
                        .database = c.name,
                        .create_tables = true,
                        .schema_file = std::move(schema_file)};
}

std::string table_names(TestDatabase& db) {
  return db
      .scalar(
          "SELECT GROUP_CONCAT(TABLE_NAME ORDER BY TABLE_NAME) FROM information_schema.TABLES "
          "WHERE TABLE_SCHEMA = DATABASE()")
      .value_or("");
}

TEST(CollectorWriterSchema, CreatesEveryTableOfTheSchemaAndWrites) {
  TestDatabase db;
  const std::string all = table_names(db);  // as config/schema.sql made them
  for (const char* t : {"battery_model", "vehicle_model", "smart_charger_model", "p15_charge_plan",
                        "p15_energy_ledger", "p15_energy_ledger_hourly", "p15_site_steward",
                        "p15_tesla_usage", "p15_charge_session"}) {
    db.exec(std::string("DROP TABLE ") + t);
  }
  ASSERT_EQ(table_names(db), "");
  sim::CollectorWriter writer(
      options_for(db, sim::default_schema_file(test_source_dir() + "/build/p15-sim")));
  auto st = writer.connect();
  ASSERT_TRUE(st.ok()) << st.error().message;
  EXPECT_EQ(table_names(db), all);
  ASSERT_TRUE(writer.write_battery("{}", TimePoint{Seconds{1'700'000'000}}).ok());
  EXPECT_EQ(db.scalar("SELECT COUNT(*) FROM battery_model"), "1");
  ASSERT_TRUE(writer.connect().ok()) << "applying it again is harmless";
  EXPECT_EQ(db.scalar("SELECT COUNT(*) FROM battery_model"), "1");
}

TEST(CollectorWriterSchema, AMissingFileIsAnErrorNamingIt) {
  TestDatabase db;
  sim::CollectorWriter writer(options_for(db, "/nonexistent/schema.sql"));
  auto st = writer.connect();
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find("/nonexistent/schema.sql"), std::string::npos)
      << st.error().message;
}

TEST(CollectorWriterSchema, TheDefaultIsTheCheckoutsConfigAboveTheExecutable) {
  EXPECT_EQ(sim::default_schema_file(test_source_dir() + "/build/p15-sim"),
            test_source_dir() + "/config/schema.sql");
}

}  // namespace
}  // namespace p15::test
