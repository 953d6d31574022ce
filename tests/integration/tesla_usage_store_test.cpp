// p15_tesla_usage through TeslaUsageBook against a real MariaDB: two programs (two books, two
// connections, as the service and p15-collector) add to one month's rows; a restart (a new book)
// keeps them; a database that is down keeps the counts in memory for the next flush.
#include <gtest/gtest.h>

#include "service/clock/clock.h"
#include "service/store/mariadb_tesla_usage.h"
#include "tests/support/service_process.h"
#include "tests/support/test_db.h"

namespace p15::test {
namespace {

namespace chr = std::chrono;

TimePoint utc(int y, unsigned mo, unsigned d, int h) {
  return TimePoint{chr::sys_days{chr::year{y} / mo / d}.time_since_epoch()} + chr::hours{h};
}

const TeslaUsage& category(const TeslaUsageMonth& m, const std::string& name) {
  for (const auto& c : m.categories) {
    if (c.category == name) return c;
  }
  throw std::runtime_error("no category " + name);
}

struct Program {
  explicit Program(const DatabaseConfig& db) : connection(db, clock, {}), book(connection) {}
  SystemClock clock;
  MariaDbConnection connection;
  TeslaUsageBook book;
};

TEST(TeslaUsageStore, BothProgramsAddToOneMonthAndARestartKeepsIt) {
  TestDatabase db;
  const TimePoint dec = utc(2026, 12, 3, 18);
  {
    Program service(db.config());
    Program collector(db.config());
    service.book.record(TeslaCategory::Command, true, dec);
    service.book.record(TeslaCategory::Command, true, dec);
    service.book.record(TeslaCategory::Wake, true, dec);
    collector.book.record(TeslaCategory::Data, true, dec);
    collector.book.record(TeslaCategory::Data, false, dec);  // no answer: not billed
    collector.book.record(TeslaCategory::Data, true, utc(2026, 11, 30, 23));  // last month
    ASSERT_TRUE(service.book.flush().ok());
    ASSERT_TRUE(collector.book.flush().ok());
    ASSERT_TRUE(collector.book.flush().ok());  // nothing twice
  }
  Program restarted(db.config());
  auto m = restarted.book.month(dec);
  ASSERT_TRUE(m.ok()) << m.error().message;
  EXPECT_EQ(m->month, "2026-12");
  EXPECT_EQ(category(*m, "command").requests, 2);
  EXPECT_EQ(category(*m, "command").billed, 2);
  EXPECT_DOUBLE_EQ(category(*m, "command").dollars, 0.002);
  EXPECT_EQ(category(*m, "data").requests, 2);
  EXPECT_EQ(category(*m, "data").billed, 1);
  EXPECT_DOUBLE_EQ(category(*m, "data").dollars, 0.002);
  EXPECT_EQ(category(*m, "wake").requests, 1);
  EXPECT_DOUBLE_EQ(m->dollars, 0.024);
  EXPECT_DOUBLE_EQ(m->share_of_credit, 0.0024);
  auto nov = restarted.book.month(utc(2026, 11, 15, 0));
  ASSERT_TRUE(nov.ok());
  EXPECT_EQ(category(*nov, "data").requests, 1);
  EXPECT_EQ(db.scalar("SELECT COUNT(*) FROM p15_tesla_usage"), "4");
}

TEST(TeslaUsageStore, AFailedFlushKeepsTheCountsForTheNextOne) {
  TestDatabase db;
  const TimePoint dec = utc(2026, 12, 3, 18);
  Program p(db.config());
  db.exec("DROP TABLE p15_tesla_usage");  // every write fails until the schema is back
  p.book.record(TeslaCategory::Wake, true, dec);
  p.book.record(TeslaCategory::Command, true, dec);
  const Status st = p.book.flush();
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().kind, ErrorKind::Unavailable);
  EXPECT_NE(st.error().message.find("p15_tesla_usage"), std::string::npos) << st.error().message;
  EXPECT_FALSE(p.book.month(dec).ok());

  db.apply_schema();
  p.book.record(TeslaCategory::Wake, true, dec);
  ASSERT_TRUE(p.book.flush().ok());
  EXPECT_EQ(db.scalar("SELECT requests FROM p15_tesla_usage WHERE category = 'wake'"), "2");
  EXPECT_EQ(db.scalar("SELECT requests FROM p15_tesla_usage WHERE category = 'command'"), "1");
}

TEST(TeslaUsageStore, ADatabaseDownIsUnavailable) {
  TestDatabase db;
  DatabaseConfig down = db.config();
  down.port = free_port();
  Program offline(down);
  offline.book.record(TeslaCategory::Wake, true, utc(2026, 12, 3, 18));
  const Status st = offline.book.flush();
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().kind, ErrorKind::Unavailable);
}

TEST(TeslaUsageStore, ASchemaAppliedTwiceKeepsTheRows) {
  TestDatabase db;
  Program p(db.config());
  p.book.record(TeslaCategory::Command, true, utc(2026, 12, 1, 0));
  ASSERT_TRUE(p.book.flush().ok());
  db.apply_schema();
  EXPECT_EQ(db.scalar("SELECT requests FROM p15_tesla_usage"), "1");
}

}  // namespace
}  // namespace p15::test
