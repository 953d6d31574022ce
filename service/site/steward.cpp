#include "service/site/steward.h"

#include <spdlog/spdlog.h>

namespace p15 {

SiteSteward::SiteSteward(SiteClient& client, StewardBook& book, Metrics& metrics,
                         StewardOptions options)
    : client_(client), book_(book), metrics_(metrics), options_(std::move(options)) {
  metrics_.declare_site_events();
}

long long SiteSteward::day_of(TimePoint now) const { return local_day_number(options_.zone, now); }

// Once per change of what is said: a steady hold is not a line every cycle.
void SiteSteward::say(const std::string& what) {
  if (what.empty() || what == last_said_) return;
  last_said_ = what;
  spdlog::info("powerwall: {}", what);
}

void SiteSteward::save(TimePoint now) {
  if (saved_ && *saved_ == state_) return;
  if (auto st = book_.save_steward(state_, now); !st) {
    // Kept in memory and saved again next cycle; the restore at stop does not need the book.
    spdlog::warn("powerwall: steward state not saved: {}", st.error().message);
    return;
  }
  saved_ = state_;
}

bool SiteSteward::load(TimePoint now) {
  if (loaded_) return true;
  auto saved = book_.load_steward();
  if (!saved) {
    spdlog::warn("powerwall: steward state not loaded ({}): not steering until it is",
                 saved.error().message);
    return false;
  }
  loaded_ = true;
  if (*saved) {
    state_ = **saved;
    saved_ = state_;
  }
  if (holding(state_)) restore(now, "a hold was in force when the service last stopped");
  return true;
}

bool SiteSteward::read_site(TimePoint now) {
  if (next_read_at_ && now < *next_read_at_) return false;
  auto read = client_.read();
  if (!read) {
    next_read_at_ = now + options_.read_retry;
    say("site_info not read (" + read.error().message + "): the site is not steered");
    return false;
  }
  next_read_at_.reset();
  const Observation o = observe_site(state_, *read);
  state_ = o.next;
  if (o.owner_changed) metrics_.site_event("owner_change");
  if (!o.reason.empty()) spdlog::info("powerwall: {}", o.reason);
  return true;
}

std::string SiteSteward::send(const StewardStep& step, TimePoint now) {
  const StewardState before = state_;
  state_ = step.next;
  std::vector<SiteEndpoint> accepted;
  std::string result;
  for (SiteEndpoint e : step.send) {
    const ClientResponse r = client_.apply(e, step.target);
    metrics_.site_request(to_string(e), to_string(r.outcome));
    result += (result.empty() ? "" : ", ") + to_string(e) + " " + to_string(r.outcome);
    if (r.outcome == Outcome::Done) {
      accepted.push_back(e);
      continue;
    }
    spdlog::warn("powerwall: {} not set: {} {}", to_string(e), to_string(r.outcome), r.reason);
    // Tesla refusing the account, the token or the rate: the rest would be refused too.
    if (r.outcome != Outcome::Rejected) break;
  }
  std::optional<SiteSettings> read;
  if (!accepted.empty()) {
    auto rb = client_.read();
    if (rb) read = *rb;
  } else {
    read = before.site;  // nothing changed on the site
  }
  const ReadBack back = after_requests(state_, step.target, accepted, read);
  state_ = back.next;
  for (std::size_t i = 0; i < back.refused.size(); ++i) metrics_.site_event("refused");
  if (!back.reason.empty()) spdlog::warn("powerwall: {}", back.reason);
  metrics_.site_requests_today(state_.requests_today);
  save(now);
  return step.reason + " (" + result + ")";
}

void SiteSteward::restore(TimePoint now, const std::string& why) {
  if (!state_.owner) return;
  if (!state_.site) read_site(now);
  // Counted in the day the last cycle counted in: `now` is real time, the home's may differ.
  const StewardStep step = restore_owner(state_, state_.day);
  if (step.send.empty()) return;
  metrics_.site_event("restore");
  spdlog::info("powerwall: {}: restoring the owner's settings {}", why, describe(*state_.owner));
  say(send(step, now));
}

void SiteSteward::start(TimePoint now) {
  std::lock_guard lock(mutex_);
  if (!options_.rules.steer) return;
  load(now);
}

std::string SiteSteward::cycle(const std::optional<SiteSettings>& wanted,
                               const PowerwallReading& pw, TimePoint now, TimePoint real_now) {
  std::lock_guard lock(mutex_);
  failing_since_.reset();
  if (!options_.rules.steer || stopped_ || !load(real_now)) return "";
  RowSite row{pw.backup_reserve_percent, std::nullopt};
  if (pw.default_real_mode) row.mode = operation_mode_from_wire(*pw.default_real_mode);
  if (needs_read(state_, row) && !read_site(real_now)) return "";
  state_.row_reserve = row.reserve;
  if (row.mode) state_.row_mode = row.mode;
  const Observation battery = observe_battery(state_, pw.percentage_charged, pw.battery_w);
  if (!battery.reason.empty()) {
    metrics_.site_event("ineffective");
    spdlog::warn("powerwall: {}", battery.reason);
  }
  state_ = battery.next;
  if (!state_.site) return "";
  const StewardStep step = plan_site(state_, options_.rules, wanted, day_of(now));
  if (step.send.empty()) {
    state_ = step.next;
    save(real_now);
    say(step.reason);
    return "";
  }
  const std::string said = send(step, real_now);
  say(said);
  return said;
}

void SiteSteward::failed(TimePoint now) {  // real time
  std::lock_guard lock(mutex_);
  if (!options_.rules.steer || !loaded_ || stopped_ || !holding(state_)) return;
  if (!failing_since_) failing_since_ = now;
  if (now - *failing_since_ < options_.restore_after_failure) return;
  restore(now, "no trusted decision for " + std::to_string((now - *failing_since_).count()) + " s");
}

void SiteSteward::stop(TimePoint now) {
  std::lock_guard lock(mutex_);
  if (!options_.rules.steer || !loaded_ || stopped_) return;
  stopped_ = true;
  restore(now, "the service is stopping");
}

StewardState SiteSteward::state() const {
  std::lock_guard lock(mutex_);
  return state_;
}

}  // namespace p15
