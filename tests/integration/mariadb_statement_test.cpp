// The store's one RAII helper for prepared statements (service/store/mariadb_statement.h)
// against a real MariaDB: values come back as they went in, and every failure names the
// database, what was being done and the statement.
#include "service/store/mariadb_statement.h"

#include <gtest/gtest.h>

#include "tests/support/test_db.h"

namespace p15::test {
namespace {

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

constexpr Query kEcho{"test.echo", "none", "SELECT ?, ?, ?, ?, CAST(7 AS DECIMAL(10, 2))"};

class StatementTest : public ::testing::Test {
 protected:
  TestDatabase db_;
  SystemClock clock_;
  MariaDbConnection connection_{db_.config(), clock_, {}};
};

TEST_F(StatementTest, ValuesRoundTripExactly) {
  const std::string text("a\0b'\"\\", 6);
  const double tricky = 0.1 + 0.2;  // its text is rounded; its bits must not be
  auto st = connection_.with_session([&](Session& s) -> Status {
    Statement q(s, kEcho, "echoing");
    q.integer(-9'000'000'000'123).number(tricky).text(text).null();
    if (auto ok = q.execute(); !ok) return ok;
    auto row = q.fetch();
    if (!row) return row.error();
    EXPECT_TRUE(*row);
    EXPECT_EQ(q.integer_at(0), -9'000'000'000'123);
    EXPECT_EQ(q.text_at(0), "-9000000000123");
    EXPECT_EQ(q.number_at(1), tricky);
    EXPECT_EQ(q.text_at(2), text);
    EXPECT_TRUE(q.is_null(3));
    EXPECT_EQ(q.text_at(3), std::nullopt);
    EXPECT_EQ(q.integer_at(4), 7);  // a whole decimal reads as an integer
    EXPECT_EQ(q.integer_at(2), std::nullopt);
    EXPECT_EQ(q.integer_at(99), std::nullopt);
    auto end = q.fetch();
    EXPECT_TRUE(end.ok() && !*end);
    return ok_status();
  });
  ASSERT_TRUE(st.ok()) << st.error().message;
}

TEST_F(StatementTest, LongTextIsReadWhole) {
  const std::string big(3'000'000, 'x');
  auto st = connection_.with_session([&](Session& s) -> Status {
    Statement q(s, Query{"test.long", "none", "SELECT REPEAT('x', ?)"}, "repeating");
    q.integer(static_cast<long long>(big.size()));
    if (auto ok = q.execute(); !ok) return ok;
    auto row = q.fetch();
    if (!row) return row.error();
    EXPECT_EQ(q.text_at(0), big);
    return ok_status();
  });
  ASSERT_TRUE(st.ok()) << st.error().message;
}

struct FailCase {
  const char* name;
  Query query;
  int params;  // integers bound
  const char* says;
};

class StatementFailure : public StatementTest, public ::testing::WithParamInterface<FailCase> {};

TEST_P(StatementFailure, NamesTheDatabaseWhatAndTheStatementThenReconnects) {
  const auto& c = GetParam();
  auto st = connection_.with_session([&](Session& s) -> Status {
    Statement q(s, c.query, "doing the test");
    for (int i = 0; i < c.params; ++i) q.integer(i);
    auto first = q.execute();
    // Later statements of the session do not run on the dropped connection.
    Statement after(s, kEcho, "after");
    auto second = after.execute();
    EXPECT_FALSE(second.ok());
    if (!second.ok()) {
      EXPECT_TRUE(contains(second.error().message, "connection was dropped"));
    }
    return first;
  });
  ASSERT_FALSE(st.ok());
  const std::string& m = st.error().message;
  EXPECT_EQ(st.error().kind, ErrorKind::Unavailable);
  EXPECT_TRUE(contains(m, "MariaDB " + connection_.target() + ": doing the test: ")) << m;
  EXPECT_TRUE(contains(m, c.says)) << m;
  EXPECT_TRUE(contains(m, std::string("[") + c.query.name + "]")) << m;
  EXPECT_TRUE(connection_.ping().ok());
}

INSTANTIATE_TEST_SUITE_P(
    Cases, StatementFailure,
    ::testing::Values(FailCase{"syntax", {"test.syntax", "none", "SELEC 1"}, 0, "SQL syntax"},
                      FailCase{"missing_table",
                               {"nowhere.read", "nowhere", "SELECT * FROM nowhere"},
                               0,
                               "(apply config/schema.sql, which creates nowhere)"},
                      FailCase{"too_few",
                               {"test.two", "none", "SELECT ?, ?"},
                               1,
                               "1 parameters bound, the statement takes 2"},
                      FailCase{"too_many",
                               {"test.one", "none", "SELECT ?"},
                               3,
                               "3 parameters bound, the statement takes 1"}),
    [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace p15::test
