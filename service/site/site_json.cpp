#include <cpprest/json.h>

#include <cmath>

#include "service/site/site_client.h"

namespace p15 {
namespace {

using web::json::value;

Error invalid(const std::string& field, const std::string& what) {
  return Error{"site_info: field '" + field + "' " + what, ErrorKind::Invalid};
}

}  // namespace

Result<SiteSettings> parse_site_settings(const std::string& body) {
  value root;
  try {
    root = value::parse(body);
  } catch (const std::exception&) {
    return Error{"site_info: the answer is not JSON", ErrorKind::Invalid};
  }
  if (!root.is_object() || !root.has_object_field("response")) {
    return invalid("response", "is missing or not an object");
  }
  const value& r = root.at("response");
  SiteSettings s;
  if (!r.has_number_field("backup_reserve_percent")) {
    return invalid("backup_reserve_percent", "is missing or not a number");
  }
  s.reserve_percent = r.at("backup_reserve_percent").as_double();
  if (s.reserve_percent < 0 || s.reserve_percent > 100) {
    return invalid("backup_reserve_percent", "is outside 0..100");
  }
  if (!r.has_string_field("default_real_mode")) {
    return invalid("default_real_mode", "is missing or not a string");
  }
  const std::string mode = r.at("default_real_mode").as_string();
  auto m = operation_mode_from_wire(mode);
  // "backup" (backup-only) is a mode the service never asks for: it does not steer such a site.
  if (!m)
    return invalid("default_real_mode", "is '" + mode + "', not self_consumption or autonomous");
  s.mode = *m;
  s.grid_charging = true;
  s.export_rule = ExportRule::PvOnly;
  if (r.has_object_field("components")) {
    const value& c = r.at("components");
    if (c.has_field("disallow_charge_from_grid_with_solar_installed")) {
      const value& d = c.at("disallow_charge_from_grid_with_solar_installed");
      if (!d.is_boolean()) {
        return invalid("components.disallow_charge_from_grid_with_solar_installed",
                       "is not a boolean");
      }
      s.grid_charging = !d.as_bool();
    }
    if (c.has_field("customer_preferred_export_rule")) {
      const value& e = c.at("customer_preferred_export_rule");
      auto rule = e.is_string() ? export_rule_from_wire(e.as_string()) : std::nullopt;
      if (!rule) {
        return invalid("components.customer_preferred_export_rule",
                       "is not pv_only, battery_ok or never");
      }
      s.export_rule = *rule;
    }
  }
  return s;
}

Result<std::string> energy_site_from_products(const std::string& response) {
  value v;
  try {
    v = value::parse(response);
  } catch (const std::exception&) {
    return Error{"products: not JSON"};
  }
  if (v.is_array()) {
    for (const auto& p : v.as_array()) {
      if (p.is_object() && p.has_field("energy_site_id") && p.at("energy_site_id").is_number()) {
        return std::to_string(p.at("energy_site_id").as_number().to_int64());
      }
    }
  }
  return Error{"products: the account has no energy site (set collector.energy_site_id)",
               ErrorKind::NotFound};
}

std::string site_request_body(SiteEndpoint e, const SiteSettings& to) {
  value v;
  switch (e) {
    case SiteEndpoint::Backup:
      // Whole percents, as the app sets them.
      v["backup_reserve_percent"] =
          value::number(static_cast<int>(std::lround(to.reserve_percent)));
      break;
    case SiteEndpoint::Operation:
      v["default_real_mode"] = value::string(to_wire(to.mode));
      break;
    case SiteEndpoint::GridImportExport:
      v["disallow_charge_from_grid_with_solar_installed"] = value::boolean(!to.grid_charging);
      v["customer_preferred_export_rule"] = value::string(to_wire(to.export_rule));
      break;
  }
  return v.serialize();
}

}  // namespace p15
