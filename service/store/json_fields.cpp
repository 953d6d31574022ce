#include "service/store/json_fields.h"

#include <cmath>
#include <cstdio>
#include <exception>

namespace p15::json_fields {
namespace {

// "string", "number", "boolean", "null", "object" or "array", for "got ..." messages.
std::string type_name(const web::json::value& v) {
  switch (v.type()) {
    case web::json::value::Number:
      return "number";
    case web::json::value::Boolean:
      return "boolean";
    case web::json::value::String:
      return "string";
    case web::json::value::Object:
      return "object";
    case web::json::value::Array:
      return "array";
    case web::json::value::Null:
      return "null";
  }
  return "unknown";
}

std::string format_number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

}  // namespace

std::string Node::field(const std::string& key) const {
  return path.empty() ? key : path + "." + key;
}

const web::json::value* find(const Node& node, const std::string& key) {
  const auto& obj = node.value->as_object();
  auto it = obj.find(key);
  if (it == obj.end() || it->second.is_null()) return nullptr;
  return &it->second;
}

bool has(const Node& node, const std::string& key) { return find(node, key) != nullptr; }

namespace {

// The present, non-null value of a required field, or a throw saying "missing" or "got null".
const web::json::value& required(const Node& node, const std::string& key,
                                 const std::string& expected) {
  const auto& obj = node.value->as_object();
  auto it = obj.find(key);
  if (it == obj.end()) throw FieldError{node.field(key), "is missing"};
  if (it->second.is_null()) throw FieldError{node.field(key), "must be " + expected + ", got null"};
  return it->second;
}

double checked_number(const Node& node, const std::string& key, const web::json::value& v) {
  if (!v.is_number()) {
    throw FieldError{node.field(key), "must be a number, got " + type_name(v)};
  }
  double d = v.as_double();
  // JSON has no NaN or infinity literal, but 1e400 parses to infinity.
  if (!std::isfinite(d)) throw FieldError{node.field(key), "must be a finite number"};
  return d;
}

std::string checked_string(const Node& node, const std::string& key, const web::json::value& v) {
  if (!v.is_string()) {
    throw FieldError{node.field(key), "must be a string, got " + type_name(v)};
  }
  return v.as_string();
}

}  // namespace

double required_number(const Node& node, const std::string& key) {
  return checked_number(node, key, required(node, key, "a number"));
}

std::optional<double> optional_number(const Node& node, const std::string& key) {
  const auto* v = find(node, key);
  if (v == nullptr) return std::nullopt;
  return checked_number(node, key, *v);
}

std::string required_string(const Node& node, const std::string& key) {
  return checked_string(node, key, required(node, key, "a string"));
}

std::optional<std::string> optional_string(const Node& node, const std::string& key) {
  const auto* v = find(node, key);
  if (v == nullptr) return std::nullopt;
  return checked_string(node, key, *v);
}

Node required_object(const Node& node, const std::string& key) {
  const auto& v = required(node, key, "an object");
  if (!v.is_object()) {
    throw FieldError{node.field(key), "must be an object, got " + type_name(v)};
  }
  return Node{&v, node.field(key)};
}

Node required_first_object(const Node& node, const std::string& key) {
  const auto& v = required(node, key, "a non-empty array");
  if (!v.is_array()) {
    throw FieldError{node.field(key), "must be a non-empty array, got " + type_name(v)};
  }
  const auto& arr = v.as_array();
  if (arr.size() == 0) throw FieldError{node.field(key), "must be a non-empty array, got []"};
  const std::string path = node.field(key) + "[0]";
  if (!arr.at(0).is_object()) {
    throw FieldError{path, "must be an object, got " + type_name(arr.at(0))};
  }
  return Node{&arr.at(0), path};
}

void check_not_negative(const std::string& field, double v) {
  if (v < 0) throw FieldError{field, "must not be negative, got " + format_number(v)};
}

void check_positive(const std::string& field, double v) {
  if (!(v > 0)) throw FieldError{field, "must be positive, got " + format_number(v)};
}

void check_range(const std::string& field, double v, double lo, double hi) {
  if (v < lo || v > hi) {
    throw FieldError{field, "must be between " + format_number(lo) + " and " + format_number(hi) +
                                ", got " + format_number(v)};
  }
}

int to_int(const std::string& field, double v, int lo, int hi) {
  check_range(field, v, lo, hi);
  return static_cast<int>(std::lround(v));
}

std::optional<std::string> run_row(const std::string& json,
                                   const std::function<void(const Node& root)>& body) {
  web::json::value doc;
  try {
    doc = web::json::value::parse(json);
  } catch (const std::exception& e) {
    // json_exception for syntax; std::range_error for a \u escape that is half a UTF-16 pair
    // ("\ud800"), which MariaDB's JSON check lets through and which must not end the process.
    std::string why = e.what();
    if (why.rfind("* ", 0) == 0) why.erase(0, 2);  // cpprestsdk's bullet adds nothing here
    return "data is not valid JSON: " + why;
  }
  if (!doc.is_object()) return "data must be a JSON object, got " + type_name(doc);
  try {
    body(Node{&doc, ""});
  } catch (const FieldError& e) {
    if (e.field.empty()) return e.problem;
    return "field \"" + e.field + "\" " + e.problem;
  } catch (const web::json::json_exception& e) {
    // Only reachable through a bug in an accessor above; still a bad row, not a crash.
    return std::string("data has an unexpected structure: ") + e.what();
  }
  return std::nullopt;
}

bool required_bool(const Node& node, const std::string& key) {
  const web::json::value* v = find(node, key);
  if (v == nullptr || !v->is_boolean()) throw FieldError{node.field(key), "must be true or false"};
  return v->as_bool();
}

std::optional<TimePoint> part_time(const Node& node, const std::string& key, TimePoint row_time) {
  constexpr double kMaxAgeS = 10.0 * 365 * 86400;
  auto age = optional_number(node, key);
  if (!age) return std::nullopt;
  check_range(node.field(key), *age, 0, kMaxAgeS);
  return row_time - Seconds{static_cast<long long>(*age)};
}

}  // namespace p15::json_fields
