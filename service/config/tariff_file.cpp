#include "service/config/tariff_file.h"

#include <cpprest/json.h>
#include <yaml-cpp/yaml.h>

#include <charconv>
#include <fstream>
#include <sstream>

#include "service/core/time_text.h"

namespace p15 {

namespace {

Result<HourlyPrice> make_price(const std::string& start, const std::string* end, double price,
                               std::size_t index) {
  const auto at = parse_utc(start);
  if (!at) return Error{"entry " + std::to_string(index) + ": bad start '" + start + "'"};
  if (end) {
    const auto until = parse_utc(*end);
    if (!until || *until - *at != std::chrono::hours{1}) {
      return Error{"entry " + std::to_string(index) + ": end must be start + 1 h"};
    }
  }
  return HourlyPrice{*at, price};
}

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// A YAML scalar as a price; yaml-cpp's own message ("bad conversion") names neither.
Result<double> price_of(const YAML::Node& node, const std::string& what) {
  if (!node.IsScalar()) return Error{what + ": expected a number"};
  const std::string& text = node.Scalar();
  double v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
    return Error{what + ": expected a number, got \"" + text + "\""};
  }
  return v;
}

Result<PriceSchedule> hourly_schedule(const YAML::Node& list, const LocalZone& zone) {
  if (!list.IsSequence() || list.size() != 24) return Error{"hourly: needs 24 prices"};
  LocalHourProfile profile;
  for (unsigned hour = 0; hour < 24; ++hour) {
    auto price = price_of(list[hour], "hourly[" + std::to_string(hour) + "]");
    if (!price) return price.error();
    for (unsigned month = 1; month <= 12; ++month) {
      for (DayType day : {DayType::Weekday, DayType::WeekendOrHoliday}) {
        profile.at(month, day, hour) = *price;
      }
    }
  }
  return profile_price(profile, zone);
}

Result<PriceSchedule> table_schedule(const YAML::Node& node, const LocalZone& zone) {
  std::stringstream text;
  text << YAML::Dump(node);
  auto hours = parse_hourly_prices_yaml(text);
  if (!hours) return hours.error();
  if (hours->empty()) return Error{"prices: empty"};
  return table_price(std::move(hours).value(), zone);
}

Result<PriceSchedule> schedule(const YAML::Node& node, const LocalZone& zone) {
  if (!node) return Error{"missing"};
  if (node.IsScalar()) {
    auto price = price_of(node, "flat price");
    if (!price) return price.error();
    return flat_price(*price);
  }
  if (node.IsMap() && node["hourly"]) return hourly_schedule(node["hourly"], zone);
  if (node.IsMap() && node["prices"]) return table_schedule(node, zone);
  return Error{"expected a number, {hourly: [24 prices]} or {prices: [...]}"};
}

std::string stem(const std::string& path) {
  const auto slash = path.find_last_of('/');
  std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  const auto dot = name.find_last_of('.');
  return dot == std::string::npos ? name : name.substr(0, dot);
}

Result<Tariff> tariff_from_doc(const YAML::Node& doc, const std::string& path) {
  if (!doc.IsMap()) return Error{path + ": expected a map with import and export"};
  auto zone = zone_named(doc["zone"] ? doc["zone"].as<std::string>() : "us-pacific");
  if (!zone) return Error{path + ": zone: " + zone.error().message};
  Tariff t;
  t.name = doc["name"] ? doc["name"].as<std::string>() : stem(path);
  auto imp = schedule(doc["import"], *zone);
  if (!imp) return Error{path + ": import: " + imp.error().message};
  auto exp = schedule(doc["export"], *zone);
  if (!exp) return Error{path + ": export: " + exp.error().message};
  t.import_price = *imp;
  t.export_price = *exp;
  return t;
}

}  // namespace

Result<std::vector<HourlyPrice>> parse_hourly_prices_json(std::istream& in) {
  web::json::value doc;
  try {
    doc = web::json::value::parse(in);
  } catch (const std::exception& e) {
    return Error{std::string("price JSON: ") + e.what()};
  }
  if (!doc.is_array()) return Error{"price JSON: expected an array of {start, end, price}"};
  std::vector<HourlyPrice> out;
  const auto& arr = doc.as_array();
  for (std::size_t i = 0; i < arr.size(); ++i) {
    const auto& e = arr.at(i);
    if (!e.is_object() || !e.has_string_field("start") || !e.has_number_field("price")) {
      return Error{"price JSON: entry " + std::to_string(i) + " needs start and price"};
    }
    std::string end;
    const bool has_end = e.has_string_field("end");
    if (has_end) end = e.at("end").as_string();
    auto p = make_price(e.at("start").as_string(), has_end ? &end : nullptr,
                        e.at("price").as_double(), i);
    if (!p) return Error{"price JSON: " + p.error().message};
    out.push_back(*p);
  }
  return out;
}

Result<std::vector<HourlyPrice>> parse_hourly_prices_yaml(std::istream& in) {
  std::vector<HourlyPrice> out;
  try {
    const YAML::Node doc = YAML::Load(in);
    const YAML::Node list = doc.IsMap() ? doc["prices"] : doc;
    if (!list || !list.IsSequence()) return Error{"price YAML: expected a sequence (or prices:)"};
    for (std::size_t i = 0; i < list.size(); ++i) {
      const YAML::Node e = list[i];
      if (!e.IsMap() || !e["start"] || !e["price"]) {
        return Error{"price YAML: entry " + std::to_string(i) + " needs start and price"};
      }
      auto price = price_of(e["price"], "price YAML: entry " + std::to_string(i) + ": price");
      if (!price) return price.error();
      std::string end;
      if (e["end"]) end = e["end"].as<std::string>();
      auto p = make_price(e["start"].as<std::string>(), e["end"] ? &end : nullptr, *price, i);
      if (!p) return Error{"price YAML: " + p.error().message};
      out.push_back(*p);
    }
  } catch (const YAML::Exception& e) {
    return Error{std::string("price YAML: ") + e.what()};
  }
  return out;
}

Result<std::vector<HourlyPrice>> load_hourly_prices(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Error{"cannot open " + path, ErrorKind::NotFound};
  Result<std::vector<HourlyPrice>> r = Error{"unknown price file type: " + path};
  if (ends_with(path, ".json")) {
    r = parse_hourly_prices_json(in);
  } else if (ends_with(path, ".yaml") || ends_with(path, ".yml")) {
    r = parse_hourly_prices_yaml(in);
  }
  if (!r) return Error{path + ": " + r.error().message, r.error().kind};
  if (r->empty()) return Error{path + ": no prices"};
  return r;
}

Result<Tariff> load_tariff_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Error{"cannot open " + path, ErrorKind::NotFound};
  try {
    return tariff_from_doc(YAML::Load(in), path);
  } catch (const YAML::Exception& e) {
    return Error{path + ": " + e.what(), ErrorKind::Invalid};
  }
}

Result<Tariff> load_flat_tariff(double import_per_kwh, double export_per_kwh,
                                const std::string& zone_name) {
  auto zone = zone_named(zone_name);
  if (!zone) return zone.error();
  Tariff t = flat_tariff(import_per_kwh, export_per_kwh);
  t.import_price.zone = t.export_price.zone = *zone;
  return t;
}

Result<Tariff> load_tou_nbt_tariff(const std::string& nbt_export_file) {
  auto hours = load_hourly_prices(nbt_export_file);
  if (!hours) return hours.error();
  auto pacific = zone_named("us-pacific");
  if (!pacific) return pacific.error();
  return tou_tariff(std::move(hours).value(), *pacific);
}

}  // namespace p15
