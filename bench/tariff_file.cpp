#include "bench/tariff_file.h"

#include <yaml-cpp/yaml.h>

#include <sstream>

#include "sim/tariff_loader.h"

namespace p15::bench {

namespace {

Result<LocalZone> zone_named(const std::string& name) {
  if (name == "us-pacific") return us_pacific_zone();
  if (name == "europe-berlin") return europe_berlin_zone();
  if (name == "australia-sydney") return australia_sydney_zone();
  return Error{"unknown zone '" + name + "' (us-pacific, europe-berlin, australia-sydney)"};
}

Result<PriceSchedule> hourly_schedule(const YAML::Node& list, const LocalZone& zone) {
  if (!list.IsSequence() || list.size() != 24) return Error{"hourly: needs 24 prices"};
  LocalHourProfile profile;
  for (unsigned month = 1; month <= 12; ++month) {
    for (DayType day : {DayType::Weekday, DayType::WeekendOrHoliday}) {
      for (unsigned hour = 0; hour < 24; ++hour)
        profile.at(month, day, hour) = list[hour].as<double>();
    }
  }
  return profile_price(profile, zone);
}

Result<PriceSchedule> table_schedule(const YAML::Node& node, const LocalZone& zone) {
  std::stringstream text;
  text << YAML::Dump(node);
  auto hours = sim::parse_hourly_prices_yaml(text);
  if (!hours) return hours.error();
  if (hours->empty()) return Error{"prices: empty"};
  return table_price(std::move(hours).value(), zone);
}

Result<PriceSchedule> schedule(const YAML::Node& node, const LocalZone& zone) {
  if (!node) return Error{"missing"};
  if (node.IsScalar()) return flat_price(node.as<double>());
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

}  // namespace

Result<Tariff> load_tariff_file(const std::string& path) {
  try {
    const YAML::Node doc = YAML::LoadFile(path);
    if (!doc.IsMap()) return Error{path + ": expected a map with import and export"};
    LocalZone zone = us_pacific_zone();
    if (doc["zone"]) {
      auto z = zone_named(doc["zone"].as<std::string>());
      if (!z) return Error{path + ": " + z.error().message};
      zone = *z;
    }
    Tariff t;
    t.name = doc["name"] ? doc["name"].as<std::string>() : stem(path);
    auto imp = schedule(doc["import"], zone);
    if (!imp) return Error{path + ": import: " + imp.error().message};
    auto exp = schedule(doc["export"], zone);
    if (!exp) return Error{path + ": export: " + exp.error().message};
    t.import_price = *imp;
    t.export_price = *exp;
    return t;
  } catch (const YAML::Exception& e) {
    return Error{path + ": " + e.what(), ErrorKind::Invalid};
  }
}

Result<Tariff> make_bench_tariff(const std::string& spec, const std::string& data_dir) {
  const bool yaml = spec.ends_with(".yml") || spec.ends_with(".yaml");
  if (yaml) return load_tariff_file(spec);
  auto t = sim::make_tariff(spec, data_dir);
  if (!t) return t;
  Tariff named = std::move(t).value();
  named.name = spec;
  return named;
}

}  // namespace p15::bench
