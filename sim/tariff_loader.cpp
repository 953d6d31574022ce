#include "sim/tariff_loader.h"

#include <cpprest/json.h>
#include <yaml-cpp/yaml.h>

#include <fstream>

#include "sim/sim_time.h"

namespace p15::sim {

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
      std::string end;
      if (e["end"]) end = e["end"].as<std::string>();
      auto p = make_price(e["start"].as<std::string>(), e["end"] ? &end : nullptr,
                          e["price"].as<double>(), i);
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

Result<Tariff> make_tariff(const std::string& name, const std::string& data_dir) {
  if (name == "flat") return flat_tariff();
  if (name == "tou-nbt") {
    auto hours = load_hourly_prices(data_dir + "/" + kNbt25File);
    if (!hours) return hours.error();
    return tou_tariff(std::move(hours).value());
  }
  return Error{"unknown tariff '" + name + "' (flat, tou-nbt)"};
}

}  // namespace p15::sim
