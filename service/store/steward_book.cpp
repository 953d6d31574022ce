#include "service/store/steward_book.h"

#include <cpprest/json.h>

#include "service/store/mariadb_connection.h"
#include "service/store/mariadb_statement.h"

namespace p15 {
namespace {

using web::json::value;

constexpr char kTable[] = "p15_site_steward";

constexpr Query kLoad{"p15_site_steward.load", kTable,
                      "SELECT state FROM p15_site_steward WHERE site = ?"};
constexpr Query kSave{"p15_site_steward.save", kTable,
                      "INSERT INTO p15_site_steward (site, state, updated_at) VALUES (?, ?, "
                      "FROM_UNIXTIME(?)) ON DUPLICATE KEY UPDATE state = VALUES(state), "
                      "updated_at = VALUES(updated_at)"};

value settings_json(const SiteSettings& s) {
  return value::object({{"default_real_mode", value::string(to_wire(s.mode))},
                        {"backup_reserve_percent", value::number(s.reserve_percent)},
                        {"grid_charging", value::boolean(s.grid_charging)},
                        {"customer_preferred_export_rule", value::string(to_wire(s.export_rule))}});
}

Error bad(const std::string& field) {
  return Error{std::string(kTable) + ".state: field '" + field + "' is missing or malformed",
               ErrorKind::Invalid};
}

Result<std::optional<SiteSettings>> settings_from(const value& root, const std::string& key) {
  if (!root.has_field(key) || root.at(key).is_null()) return std::optional<SiteSettings>{};
  const value& v = root.at(key);
  if (!v.is_object()) return bad(key);
  SiteSettings s;
  auto field = [&](const char* name) { return key + "." + name; };
  if (!v.has_string_field("default_real_mode")) return bad(field("default_real_mode"));
  auto mode = operation_mode_from_wire(v.at("default_real_mode").as_string());
  if (!mode) return bad(field("default_real_mode"));
  s.mode = *mode;
  if (!v.has_number_field("backup_reserve_percent")) return bad(field("backup_reserve_percent"));
  s.reserve_percent = v.at("backup_reserve_percent").as_double();
  if (!v.has_boolean_field("grid_charging")) return bad(field("grid_charging"));
  s.grid_charging = v.at("grid_charging").as_bool();
  if (!v.has_string_field("customer_preferred_export_rule")) {
    return bad(field("customer_preferred_export_rule"));
  }
  auto rule = export_rule_from_wire(v.at("customer_preferred_export_rule").as_string());
  if (!rule) return bad(field("customer_preferred_export_rule"));
  s.export_rule = *rule;
  return std::optional<SiteSettings>{s};
}

}  // namespace

std::string steward_json(const StewardState& s) {
  value v;
  v["owner"] = s.owner ? settings_json(*s.owner) : value::null();
  v["site"] = s.site ? settings_json(*s.site) : value::null();
  v["day"] = value::number(static_cast<int64_t>(s.day));
  v["requests_today"] = value::number(s.requests_today);
  std::vector<value> refused;
  for (int r : s.refused_reserves) refused.push_back(value::number(r));
  v["refused_reserves"] = value::array(refused);
  v["reserve_ineffective"] = value::boolean(s.reserve_ineffective);
  v["row_reserve"] = s.row_reserve ? value::number(*s.row_reserve) : value::null();
  v["row_mode"] = s.row_mode ? value::string(to_wire(*s.row_mode)) : value::null();
  return v.serialize();
}

Result<StewardState> steward_from_json(const std::string& text) {
  value v;
  try {
    v = value::parse(text);
  } catch (const std::exception&) {
    return Error{std::string(kTable) + ".state is not JSON", ErrorKind::Invalid};
  }
  if (!v.is_object()) return bad("(the document)");
  StewardState s;
  auto owner = settings_from(v, "owner");
  if (!owner) return owner.error();
  s.owner = *owner;
  auto site = settings_from(v, "site");
  if (!site) return site.error();
  s.site = *site;
  if (!v.has_number_field("day")) return bad("day");
  s.day = v.at("day").as_number().to_int64();
  if (!v.has_number_field("requests_today")) return bad("requests_today");
  s.requests_today = v.at("requests_today").as_integer();
  if (!v.has_array_field("refused_reserves")) return bad("refused_reserves");
  for (const value& r : v.at("refused_reserves").as_array()) {
    if (!r.is_integer()) return bad("refused_reserves");
    s.refused_reserves.push_back(r.as_integer());
  }
  if (!v.has_boolean_field("reserve_ineffective")) return bad("reserve_ineffective");
  s.reserve_ineffective = v.at("reserve_ineffective").as_bool();
  if (v.has_number_field("row_reserve")) s.row_reserve = v.at("row_reserve").as_double();
  if (v.has_string_field("row_mode")) {
    s.row_mode = operation_mode_from_wire(v.at("row_mode").as_string());
  }
  return s;
}

Result<std::optional<StewardState>> MariaDbStewardBook::load_steward() {
  using Answer = Result<std::optional<StewardState>>;
  return connection_.with_session([&](Session& session) -> Answer {
    Statement st(session, kLoad, std::string("reading ") + kTable + " for site " + site_);
    st.text(site_);
    if (auto ok = st.execute(); !ok) return ok.error();
    auto row = st.fetch();
    if (!row) return row.error();
    if (!*row) return std::optional<StewardState>{};
    auto state = steward_from_json(st.text_at(0).value_or(""));
    if (!state) return state.error();
    return std::optional<StewardState>{std::move(state).value()};
  });
}

Status MariaDbStewardBook::save_steward(const StewardState& state, TimePoint at) {
  return connection_.with_session([&](Session& session) -> Status {
    Statement st(session, kSave, std::string("writing ") + kTable + " for site " + site_);
    st.text(site_).text(steward_json(state)).integer(at.time_since_epoch().count());
    return st.execute();
  });
}

}  // namespace p15
