// Price files: JSON (PG&E NBT shape) and YAML, and the real NBT25 table when present.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "sim/tariff_loader.h"

namespace p15::sim {
namespace {

namespace chr = std::chrono;

TimePoint utc(int y, unsigned mo, unsigned d, int h) {
  return TimePoint{chr::sys_days{chr::year{y} / mo / d}.time_since_epoch()} + chr::hours{h};
}

std::string data_dir() {
  if (const char* env = std::getenv("P15_DATA_DIR")) return env;
#if defined(P15_DATA_DIR)
  return P15_DATA_DIR;
#elif defined(P15_SOURCE_DIR)
  return std::string(P15_SOURCE_DIR) + "/../shared/data";
#else
  return "../shared/data";
#endif
}

TEST(PriceJson, ReadsNbtShape) {
  std::istringstream in(R"([
    {"start": "2025-08-06T02:00:00Z", "end": "2025-08-06T03:00:00Z", "price": 1.03403},
    {"start": "2025-08-06T03:00:00Z", "end": "2025-08-06T04:00:00Z", "price": 0.99}])");
  auto r = parse_hourly_prices_json(in);
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].start, utc(2025, 8, 6, 2));
  EXPECT_DOUBLE_EQ((*r)[1].per_kwh, 0.99);
}

struct BadInput {
  const char* name;
  const char* text;
};

class PriceJsonRejects : public ::testing::TestWithParam<BadInput> {};

TEST_P(PriceJsonRejects, WithAReason) {
  std::istringstream in(GetParam().text);
  const auto r = parse_hourly_prices_json(in);
  ASSERT_FALSE(r.ok());
  EXPECT_FALSE(r.error().message.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Bad, PriceJsonRejects,
    ::testing::Values(BadInput{"not_json", "[{"}, BadInput{"object", R"({"start": 1})"},
                      BadInput{"no_price", R"([{"start": "2025-01-01T00:00:00Z"}])"},
                      BadInput{"bad_time", R"([{"start": "yesterday", "price": 1}])"},
                      BadInput{"two_hours", R"([{"start": "2025-01-01T00:00:00Z",
                          "end": "2025-01-01T02:00:00Z", "price": 1}])"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(PriceYaml, ReadsListUnderPricesOrAtTop) {
  std::istringstream a(
      "prices:\n  - {start: \"2025-08-06T02:00:00Z\", price: 0.5}\n"
      "  - start: \"2025-08-06T03:00:00Z\"\n    end: \"2025-08-06T04:00:00Z\"\n    price: 0.25\n");
  auto r = parse_hourly_prices_yaml(a);
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[1].start, utc(2025, 8, 6, 3));
  EXPECT_DOUBLE_EQ((*r)[1].per_kwh, 0.25);
  std::istringstream b("- {start: \"2025-08-06T02:00:00Z\", price: 0.5}\n");
  EXPECT_TRUE(parse_hourly_prices_yaml(b).ok());
  std::istringstream c("prices: 3\n");
  EXPECT_FALSE(parse_hourly_prices_yaml(c).ok());
}

TEST(MakeTariff, FlatNeedsNoFilesAndUnknownIsAnError) {
  auto flat = make_tariff("flat", "/nonexistent");
  ASSERT_TRUE(flat.ok());
  EXPECT_DOUBLE_EQ(import_price_at(*flat, utc(2016, 6, 1, 0)), kSeedImportPerKwh);
  EXPECT_FALSE(make_tariff("tou-nbt", "/nonexistent").ok());
  EXPECT_FALSE(make_tariff("free", "/nonexistent").ok());
}

TEST(RealData, Nbt25AugustWeekdayEvening) {
  const std::string dir = data_dir();
  if (!std::filesystem::exists(dir + "/" + kNbt25File)) GTEST_SKIP() << dir;
  auto hours = load_hourly_prices(dir + "/" + kNbt25File);
  ASSERT_TRUE(hours.ok()) << hours.error().message;
  EXPECT_EQ(hours->size(), 8752u);
  auto t = make_tariff("tou-nbt", dir);
  ASSERT_TRUE(t.ok()) << t.error().message;
  // Tuesday 2025-08-05 19:00 PDT = 02:00 UTC; README: 1.03 $/kWh.
  EXPECT_NEAR(export_price_at(*t, utc(2025, 8, 6, 2)), 1.03, 0.01);
  EXPECT_NEAR(export_price_at(*t, utc(2025, 8, 6, 0)), 0.83, 0.01);  // 17:00
  // Same weekday hour in 2016, through the month/day-type/hour profile.
  EXPECT_NEAR(export_price_at(*t, utc(2016, 8, 3, 2)), 1.03, 0.01);
  // April weekday middays are almost free.
  EXPECT_LT(export_price_at(*t, utc(2025, 4, 8, 19)), 0.02);  // 12:00 PDT
}

}  // namespace
}  // namespace p15::sim
