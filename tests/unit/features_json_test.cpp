// smart_charger_model.features: what record_decision writes.
#include "service/store/features_json.h"

#include <cpprest/json.h>
#include <gtest/gtest.h>

#include <cmath>

namespace p15 {
namespace {

TEST(FeaturesJson, NumbersAndStringsKeepTheirTypes) {
  auto doc = web::json::value::parse(features_to_json(
      {{"solar_w", 5700.0}, {"reserve_pct", 20.5}, {"charging_state", std::string("Charging")}}));
  ASSERT_TRUE(doc.is_object());
  EXPECT_EQ(doc.size(), 3u);
  EXPECT_DOUBLE_EQ(doc.at("solar_w").as_double(), 5700);
  EXPECT_DOUBLE_EQ(doc.at("reserve_pct").as_double(), 20.5);
  EXPECT_EQ(doc.at("charging_state").as_string(), "Charging");
}

TEST(FeaturesJson, EmptyIsAnEmptyObject) { EXPECT_EQ(features_to_json({}), "{}"); }

TEST(FeaturesJson, NonFiniteBecomesNullSoTheRowStaysValidJson) {
  auto text = features_to_json({{"nan", std::nan("")}, {"inf", INFINITY}, {"ok", 1.0}});
  auto doc = web::json::value::parse(text);  // throws if the text is not JSON
  EXPECT_TRUE(doc.at("nan").is_null());
  EXPECT_TRUE(doc.at("inf").is_null());
  EXPECT_DOUBLE_EQ(doc.at("ok").as_double(), 1);
}

TEST(FeaturesJson, EscapesStrings) {
  auto doc = web::json::value::parse(features_to_json({{"reason", std::string("say \"hi\"\n")}}));
  EXPECT_EQ(doc.at("reason").as_string(), "say \"hi\"\n");
}

TEST(FeaturesJson, RepeatedNameKeepsTheLast) {
  auto doc = web::json::value::parse(features_to_json({{"a", 1.0}, {"a", 2.0}}));
  EXPECT_EQ(doc.size(), 1u);
  EXPECT_DOUBLE_EQ(doc.at("a").as_double(), 2);
}

}  // namespace
}  // namespace p15
