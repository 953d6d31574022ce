// Tariffs as data: the YAML tariff files p15-backtest accepts.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "bench/tariff_file.h"

namespace p15::bench {
namespace {

namespace chr = std::chrono;

std::string write_temp(const std::string& name, const std::string& text) {
  const std::string path = ::testing::TempDir() + name;
  std::ofstream(path) << text;
  return path;
}

// 2025-07-01 12:00 PDT = 19:00 UTC.
const TimePoint kNoonPdt{chr::sys_days{chr::year{2025} / chr::July / 1}.time_since_epoch() +
                         chr::hours{19}};

struct TariffFileCase {
  const char* name;
  std::string yaml;
  bool ok;
  double want_import_noon, want_export_noon;
};

class TariffFile : public ::testing::TestWithParam<TariffFileCase> {};

TEST_P(TariffFile, Loads) {
  const auto& c = GetParam();
  auto t = load_tariff_file(write_temp(std::string(c.name) + ".yml", c.yaml));
  ASSERT_EQ(t.ok(), c.ok) << (t.ok() ? "" : t.error().message);
  if (!c.ok) return;
  EXPECT_NEAR(import_price_at(*t, kNoonPdt), c.want_import_noon, 1e-12);
  EXPECT_NEAR(export_price_at(*t, kNoonPdt), c.want_export_noon, 1e-12);
}

std::string hourly(double noon) {
  std::string s = "[";
  for (int h = 0; h < 24; ++h) s += (h ? ", " : "") + std::to_string(h == 12 ? noon : 0.3);
  return s + "]";
}

INSTANTIATE_TEST_SUITE_P(
    Forms, TariffFile,
    ::testing::Values(
        TariffFileCase{"flat", "import: 0.25\nexport: 0.04\n", true, 0.25, 0.04},
        TariffFileCase{"hourly", "import: {hourly: " + hourly(0.11) + "}\nexport: 0.05\n", true,
                       0.11, 0.05},
        TariffFileCase{"table",
                       "import: 0.3\nexport:\n  prices:\n    - {start: \"2025-07-01T19:00:00Z\", "
                       "price: 0.7}\n",
                       true, 0.3, 0.7},
        TariffFileCase{"hourly_needs_24", "import: {hourly: [0.1, 0.2]}\nexport: 0.05\n", false, 0,
                       0},
        TariffFileCase{"export_missing", "import: 0.25\n", false, 0, 0},
        TariffFileCase{"bad_zone", "zone: mars\nimport: 0.2\nexport: 0.1\n", false, 0, 0}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(TariffFile, NameDefaultsToTheFileName) {
  auto t = load_tariff_file(write_temp("my-rate.yml", "import: 0.2\nexport: 0.1\n"));
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->name, "my-rate");
}

TEST(TariffFile, ExampleInTheRepositoryLoads) {
  auto t = make_bench_tariff(std::string(P15_SOURCE_DIR) + "/bench/tariffs/example-tou.yml", "");
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->name, "example-tou");
  EXPECT_NEAR(import_price_at(*t, kNoonPdt), 0.20, 1e-12);
}

TEST(TariffFile, BuiltInsByName) {
  auto flat = make_bench_tariff("flat", "");
  ASSERT_TRUE(flat.ok());
  EXPECT_EQ(flat->name, "flat");
  EXPECT_NEAR(import_price_at(*flat, kNoonPdt), 0.2291, 1e-12);
  EXPECT_FALSE(make_bench_tariff("nonsense", "").ok());
}

}  // namespace
}  // namespace p15::bench
