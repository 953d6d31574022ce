#include "service/core/site_steward.h"

#include <algorithm>
#include <cmath>

namespace p15 {
namespace {

// The app and the API take whole percents.
long whole(double percent) { return std::lround(percent); }

bool differs(SiteEndpoint e, const SiteSettings& a, const SiteSettings& b) {
  switch (e) {
    case SiteEndpoint::Backup:
      return whole(a.reserve_percent) != whole(b.reserve_percent);
    case SiteEndpoint::Operation:
      return a.mode != b.mode;
    case SiteEndpoint::GridImportExport:
      return a.grid_charging != b.grid_charging || a.export_rule != b.export_rule;
  }
  return false;
}

constexpr SiteEndpoint kEndpoints[] = {SiteEndpoint::Backup, SiteEndpoint::Operation,
                                       SiteEndpoint::GridImportExport};

// Takes endpoint e's fields of `from` into `to`.
void copy_fields(SiteEndpoint e, const SiteSettings& from, SiteSettings& to) {
  switch (e) {
    case SiteEndpoint::Backup:
      to.reserve_percent = from.reserve_percent;
      break;
    case SiteEndpoint::Operation:
      to.mode = from.mode;
      break;
    case SiteEndpoint::GridImportExport:
      to.grid_charging = from.grid_charging;
      to.export_rule = from.export_rule;
      break;
  }
}

StewardState on_day(const StewardState& s, long long day) {
  StewardState next = s;
  if (day != s.day) {
    next.day = day;
    next.requests_today = 0;
    next.reserve_ineffective = false;  // firmware may act tomorrow; one more try a day
  }
  return next;
}

bool refused_reserve(const StewardState& s, long reserve) {
  return std::find(s.refused_reserves.begin(), s.refused_reserves.end(), reserve) !=
         s.refused_reserves.end();
}

// The wanted settings made safe: never below the owner's reserve, around a reserve the site
// refused (the highest one below it that it takes) and without the reserve lever when it did not
// act today.
SiteSettings clamp_to_levers(const StewardState& s, SiteSettings target, std::string& why) {
  const SiteSettings& owner = *s.owner;
  if (target.reserve_percent < owner.reserve_percent) {
    target.reserve_percent = owner.reserve_percent;
    why += "; reserve raised to the owner's";
  }
  if (s.reserve_ineffective && whole(target.reserve_percent) > whole(owner.reserve_percent)) {
    target.reserve_percent = owner.reserve_percent;
    why += "; a raised reserve did not hold the battery today: the owner's reserve instead";
  }
  long want = whole(target.reserve_percent);
  if (refused_reserve(s, want)) {
    while (want > whole(owner.reserve_percent) && refused_reserve(s, want)) --want;
    why += "; the site refused " + std::to_string(whole(target.reserve_percent)) +
           "%: " + std::to_string(want) + "% instead";
    target.reserve_percent = static_cast<double>(want);
  }
  return target;
}

}  // namespace

std::string to_string(SiteEndpoint e) {
  switch (e) {
    case SiteEndpoint::Backup:
      return "backup";
    case SiteEndpoint::Operation:
      return "operation";
    case SiteEndpoint::GridImportExport:
      return "grid_import_export";
  }
  return "unknown";
}

std::vector<SiteEndpoint> endpoints_between(const SiteSettings& from, const SiteSettings& to) {
  std::vector<SiteEndpoint> out;
  for (SiteEndpoint e : kEndpoints) {
    if (differs(e, from, to)) out.push_back(e);
  }
  return out;
}

bool holding(const StewardState& s) {
  return s.owner && s.site && !endpoints_between(*s.site, *s.owner).empty();
}

bool needs_read(const StewardState& s, const RowSite& row) {
  if (!s.owner || !s.site) return true;
  const bool reserve_moved = row.reserve && s.row_reserve &&
                             whole(*row.reserve) != whole(*s.row_reserve) &&
                             whole(*row.reserve) != whole(s.site->reserve_percent);
  const bool mode_moved =
      row.mode && s.row_mode && *row.mode != *s.row_mode && *row.mode != s.site->mode;
  return reserve_moved || mode_moved;
}

Observation observe_site(const StewardState& s, const SiteSettings& read) {
  Observation o{s, false, ""};
  o.next.site = read;
  if (!s.owner) {
    o.next.owner = read;
    o.reason = "the owner's settings, from site_info: " + describe(read);
    return o;
  }
  // After a failed read-back the service cannot tell its own change from the owner's.
  if (!s.site) return o;
  for (SiteEndpoint e : kEndpoints) {
    if (!differs(e, *s.site, read)) continue;
    copy_fields(e, read, *o.next.owner);
    o.owner_changed = true;
    o.reason += (o.reason.empty() ? "" : ", ") + to_string(e);
  }
  if (o.owner_changed) {
    o.reason = "the owner changed " + o.reason + " in the app: now the owner's settings are " +
               describe(*o.next.owner);
  }
  return o;
}

Observation observe_battery(const StewardState& s, double percent, double battery_w) {
  Observation o{s, false, ""};
  if (!s.owner || !s.site || s.reserve_ineffective) return o;
  const double raised = s.site->reserve_percent;
  constexpr double kMarginPercent = 2, kDischargingW = 100;
  if (whole(raised) > whole(s.owner->reserve_percent) && percent < raised - kMarginPercent &&
      battery_w > kDischargingW) {
    o.next.reserve_ineffective = true;
    o.reason = "the reserve is " + std::to_string(whole(raised)) + "% but the Powerwall, at " +
               std::to_string(whole(percent)) + "%, discharges " +
               std::to_string(static_cast<long>(battery_w)) +
               " W: the raised reserve is not acting; not used again today";
  }
  return o;
}

StewardStep plan_site(const StewardState& s, const StewardRules& r,
                      const std::optional<SiteSettings>& wanted, long long day) {
  StewardStep step{on_day(s, day), *s.owner, {}, ""};
  const SiteSettings& owner = *s.owner;
  const SiteSettings& site = *s.site;
  std::string why;
  if (r.steer && wanted) step.target = clamp_to_levers(step.next, *wanted, why);
  const int today = step.next.requests_today;
  const auto cost = static_cast<int>(endpoints_between(site, step.target).size());
  const int back = settings_requests(step.target, owner);
  if (step.target != owner && today + cost + back > r.max_settings_per_day) {
    const int home = settings_requests(site, owner);
    step.target = today + home <= r.max_settings_per_day ? owner : site;
    why += "; " + std::to_string(today) + " of the day's " +
           std::to_string(r.max_settings_per_day) +
           " settings requests used, and the owner's settings must stay within reach";
  }
  step.send = endpoints_between(site, step.target);
  step.next.requests_today += static_cast<int>(step.send.size());
  step.reason =
      (step.target == owner ? "the owner's settings" : "steered: " + describe(step.target)) + why;
  return step;
}

StewardStep restore_owner(const StewardState& s, long long day) {
  StewardStep step{on_day(s, day), *s.owner, {}, "restoring the owner's settings"};
  step.send = s.site ? endpoints_between(*s.site, *s.owner)
                     : std::vector<SiteEndpoint>(std::begin(kEndpoints), std::end(kEndpoints));
  step.next.requests_today += static_cast<int>(step.send.size());
  return step;
}

ReadBack after_requests(const StewardState& s, const SiteSettings& target,
                        const std::vector<SiteEndpoint>& accepted,
                        const std::optional<SiteSettings>& read) {
  ReadBack rb{s, {}, ""};
  if (!read) {
    rb.next.site = std::nullopt;
    rb.reason = "site_info could not be read back: the settings in force are unknown";
    return rb;
  }
  for (SiteEndpoint e : accepted) {
    if (!differs(e, target, *read)) continue;
    rb.refused.push_back(e);
    if (e == SiteEndpoint::Backup) {
      const long r = whole(target.reserve_percent);
      // Firmware 25.18.4 refuses the whole 81-99 band (evcc #22743; evcc PR #22956 sends 80
      // instead): one refusal there marks the band, so the next request is not one more miss.
      const bool band = r >= 81 && r <= 99;
      for (long x = band ? 81 : r; x <= (band ? 99 : r); ++x) {
        if (!refused_reserve(rb.next, x)) rb.next.refused_reserves.push_back(static_cast<int>(x));
      }
    }
    rb.reason += (rb.reason.empty() ? "" : ", ") + to_string(e);
  }
  if (!rb.refused.empty()) {
    rb.reason = "Tesla accepted " + rb.reason + " but site_info reads back " + describe(*read) +
                " instead of " + describe(target);
  }
  rb.next.site = read;
  return rb;
}

std::string to_wire(OperationMode m) {
  return m == OperationMode::TimeBasedControl ? "autonomous" : "self_consumption";
}

std::string to_wire(ExportRule r) {
  switch (r) {
    case ExportRule::PvOnly:
      return "pv_only";
    case ExportRule::BatteryOk:
      return "battery_ok";
    case ExportRule::Never:
      return "never";
  }
  return "pv_only";
}

std::optional<OperationMode> operation_mode_from_wire(const std::string& s) {
  if (s == "self_consumption") return OperationMode::SelfPowered;
  if (s == "autonomous") return OperationMode::TimeBasedControl;
  return std::nullopt;
}

std::optional<ExportRule> export_rule_from_wire(const std::string& s) {
  if (s == "pv_only") return ExportRule::PvOnly;
  if (s == "battery_ok") return ExportRule::BatteryOk;
  if (s == "never") return ExportRule::Never;
  return std::nullopt;
}

std::string describe(const SiteSettings& s) {
  return to_wire(s.mode) + " reserve=" + std::to_string(whole(s.reserve_percent)) +
         "% grid_charging=" + (s.grid_charging ? "on" : "off") +
         " export=" + to_wire(s.export_rule);
}

}  // namespace p15
