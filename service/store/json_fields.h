#pragma once
// Field access shared by the battery_model and vehicle_model row parsers.
//
// The accessors throw FieldError instead of returning Result so a parser reads as a flat list of
// fields; parse_row() is the one place that turns a throw into an Error (kind Invalid)
// naming the table, the row id and the field path. Nothing outside this folder sees the throw.
#include <cpprest/json.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "service/core/result.h"
#include "service/core/types.h"

namespace p15::json_fields {

struct FieldError {
  std::string field;    // the dotted path, e.g. "power_reading[0].solar_power"; empty: the row
  std::string problem;  // e.g. "is missing", "must be a number, got string"
};

// An object inside the document plus its path, so nested reads can name the full field.
struct Node {
  const web::json::value* value;
  std::string path;  // "" for the document root; "charge_state" or "response.charge_state" below

  std::string field(const std::string& key) const;
};

// Absent and JSON null are the same thing to these accessors: TeslaPy writes null for values a
// disconnected car does not report. A required field that is null is an error ("got null").
const web::json::value* find(const Node& node, const std::string& key);
bool has(const Node& node, const std::string& key);

double required_number(const Node& node, const std::string& key);
std::optional<double> optional_number(const Node& node, const std::string& key);
std::string required_string(const Node& node, const std::string& key);
bool required_bool(const Node& node, const std::string& key);
std::optional<std::string> optional_string(const Node& node, const std::string& key);
Node required_object(const Node& node, const std::string& key);
// The first element of a non-empty array, which must be an object.
Node required_first_object(const Node& node, const std::string& key);

// Range checks; they throw FieldError naming `field` with the offending value.
void check_not_negative(const std::string& field, double v);
void check_positive(const std::string& field, double v);
void check_range(const std::string& field, double v, double lo, double hi);
// Rounds a number given as 16 or 16.0 to an int; bounds keep the conversion defined.
int to_int(const std::string& field, double v, int lo, int hi);

// When a part of the row was read: the row's time minus the part's age in seconds at `key`
// (p15-collector writes "age_s" per part, collector/row_json.h), so no clock but the
// collector's own is trusted; nullopt when absent (as old as the row). At most ten years.
std::optional<TimePoint> part_time(const Node& node, const std::string& key, TimePoint row_time);

// Parses `json` and runs `body` on the root object, turning a FieldError or a syntax error into
// `<table> row <id>: ...` (kind Invalid).
template <class T>
Result<T> parse_row(const std::string& table, std::int64_t row_id, const std::string& json,
                    const std::function<T(const Node& root)>& body);

// Non-template core of parse_row: returns the error message, or nullopt after body() succeeded.
std::optional<std::string> run_row(const std::string& json,
                                   const std::function<void(const Node& root)>& body);

template <class T>
Result<T> parse_row(const std::string& table, std::int64_t row_id, const std::string& json,
                    const std::function<T(const Node& root)>& body) {
  std::optional<T> out;
  auto problem = run_row(json, [&](const Node& root) { out = body(root); });
  if (problem) {
    return Error{table + " row " + std::to_string(row_id) + ": " + *problem, ErrorKind::Invalid};
  }
  return std::move(*out);
}

}  // namespace p15::json_fields
