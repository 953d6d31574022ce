#pragma once
// The rules for the service's hand on the energy site's settings (domain.md 6a; issue 16 part 2):
// what to have in force, which endpoints that takes, what a read-back says about the lever, and
// when the owner's own settings come back. Pure: the site adapter (service/site/) does the
// requests and the steward loop (service/site/site_steward.h) calls these in order.
//
// The owner's settings are the floor and the way home: never a reserve below theirs, at most
// max_settings_per_day requests a local day with enough kept to restore them, and a change the
// owner makes in the Tesla app while the service holds another setting becomes theirs.
#include <optional>
#include <string>
#include <vector>

#include "service/core/site_settings.h"

namespace p15 {

// The three settings endpoints below /api/1/energy_sites/{id}/, in the order they are sent.
enum class SiteEndpoint { Backup, Operation, GridImportExport };
std::string to_string(SiteEndpoint e);  // "backup", "operation", "grid_import_export"
// One per endpoint whose fields differ (settings_requests() counts them).
std::vector<SiteEndpoint> endpoints_between(const SiteSettings& from, const SiteSettings& to);

struct StewardRules {
  bool steer = false;  // powerwall.steer: false asks for the owner's settings only
  int max_settings_per_day = 5;
};

// What the steward knows between cycles; persisted (p15_site_steward) so that after a crash the
// service still knows which settings are the owner's and which were its own.
struct StewardState {
  std::optional<SiteSettings> owner;  // the owner's own settings; nullopt: not read yet
  std::optional<SiteSettings> site;   // what site_info last said is in force; nullopt: unknown
  long long day = -1;                 // the local day requests_today counts
  int requests_today = 0;
  std::vector<int> refused_reserves;      // reserves the site did not take (read back unchanged)
  bool reserve_ineffective = false;       // today a raised reserve did not hold the battery
  std::optional<double> row_reserve;      // the reserve the collector's last row showed
  std::optional<OperationMode> row_mode;  // and its mode (default_real_mode), when it had one
  bool operator==(const StewardState&) const = default;
};

// The service holds the site away from the owner's settings.
bool holding(const StewardState& s);

// What the collector's row says of the site's settings (site_info's, merged into the row).
struct RowSite {
  std::optional<double> reserve;
  std::optional<OperationMode> mode;
};

// Whether site_info must be read before anything is decided: the owner or the site is unknown,
// or the collector's row shows a reserve or a mode that moved to something the service did not
// set (the owner's hand in the app; the row's site_info is up to an hour old, so an unchanged
// row says nothing).
bool needs_read(const StewardState& s, const RowSite& row);

struct Observation {
  StewardState next;
  bool owner_changed = false;  // a setting the service did not make: it is now the owner's
  std::string reason;
};
// What site_info says before a change. The first read makes it the owner's; afterwards each
// field that differs from what the service had in force was changed by the owner, and becomes
// theirs (the rest of the hold stays until the next step decides).
Observation observe_site(const StewardState& s, const SiteSettings& read);

// Each cycle: a raised reserve that the battery is draining below (state of charge more than
// 2 points under it while discharging) is not acting. Marks the lever for the rest of the day.
Observation observe_battery(const StewardState& s, double percent, double battery_w);

struct StewardStep {
  StewardState next;               // requests_today already counted
  SiteSettings target;             // what is to be in force after this cycle
  std::vector<SiteEndpoint> send;  // the endpoints to POST, in order (empty: nothing)
  std::string reason;
};
// The settings for this cycle: `wanted` (the planner's) or the owner's, clamped to the owner's
// reserve and around refused or ineffective levers, within the day's budget. `day` is the local
// day number; a new day starts a new count. Needs s.owner and s.site (needs_read first).
StewardStep plan_site(const StewardState& s, const StewardRules& r,
                      const std::optional<SiteSettings>& wanted, long long day);

// The owner's settings back, whatever the budget (stop, failure, start after a crash).
StewardStep restore_owner(const StewardState& s, long long day);

struct ReadBack {
  StewardState next;
  std::vector<SiteEndpoint> refused;  // answered Done, but site_info still shows the old value
  std::string reason;
};
// After the POSTs: `read` is site_info read back (nullopt: the read failed, the site is unknown
// until the next read). `accepted` lists the endpoints Tesla answered Done.
ReadBack after_requests(const StewardState& s, const SiteSettings& target,
                        const std::vector<SiteEndpoint>& accepted,
                        const std::optional<SiteSettings>& read);

// Tesla's words for the settings (site_info, the settings endpoints' bodies).
std::string to_wire(OperationMode m);  // self_consumption, autonomous
std::string to_wire(ExportRule r);     // pv_only, battery_ok, never
std::optional<OperationMode> operation_mode_from_wire(const std::string& s);
std::optional<ExportRule> export_rule_from_wire(const std::string& s);
// "self_consumption reserve=20% grid_charging=off export=pv_only", for logs and reasons.
std::string describe(const SiteSettings& s);

}  // namespace p15
