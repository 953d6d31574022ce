#include "service/store/mariadb_tesla_usage.h"

#include <cstdlib>

#include "service/store/mariadb_statement.h"

namespace p15 {
namespace {

constexpr Query kBegin{"p15_tesla_usage.begin", kTeslaUsageTable, "START TRANSACTION"};
constexpr Query kCommit{"p15_tesla_usage.commit", kTeslaUsageTable, "COMMIT"};
constexpr Query kAdd{
    "p15_tesla_usage.add", kTeslaUsageTable,
    "INSERT INTO p15_tesla_usage (month, category, requests, billed, dollars, updated_at) "
    "VALUES (?, ?, ?, ?, ?, UTC_TIMESTAMP()) ON DUPLICATE KEY UPDATE "
    "requests = requests + VALUES(requests), billed = billed + VALUES(billed), "
    "dollars = dollars + VALUES(dollars), updated_at = VALUES(updated_at)"};
constexpr Query kRead{"p15_tesla_usage.read", kTeslaUsageTable,
                      "SELECT category, requests, billed, CAST(dollars AS CHAR) "
                      "FROM p15_tesla_usage WHERE month = ?"};

Status add_all(Session& session,
               const std::map<std::pair<std::string, std::string>, TeslaUsage>& counts) {
  if (auto st = session.run(kBegin, "starting the Tesla usage update"); !st) return st;
  for (const auto& [key, u] : counts) {
    Statement st(session, kAdd, "adding to p15_tesla_usage for " + key.first);
    st.text(key.first).text(key.second).integer(u.requests).integer(u.billed).number(u.dollars);
    if (auto ok = st.execute(); !ok) return ok;
  }
  return session.run(kCommit, "committing the Tesla usage update");
}

}  // namespace

void TeslaUsageBook::record(TeslaCategory category, bool billed, TimePoint at) {
  const TeslaUsage u = usage_of(category, billed);
  std::lock_guard lock(mu_);
  TeslaUsage& into = pending_[{usage_month(at), u.category}];
  into.category = u.category;
  into.requests += u.requests;
  into.billed += u.billed;
  into.dollars += u.dollars;
}

void TeslaUsageBook::merge(const std::map<Key, TeslaUsage>& counts) {
  std::lock_guard lock(mu_);
  for (const auto& [key, u] : counts) {
    TeslaUsage& into = pending_[key];
    into.category = u.category;
    into.requests += u.requests;
    into.billed += u.billed;
    into.dollars += u.dollars;
  }
}

Status TeslaUsageBook::flush() {
  std::lock_guard flushing(flush_mu_);
  std::map<Key, TeslaUsage> counts;
  {
    std::lock_guard lock(mu_);
    counts.swap(pending_);
  }
  if (counts.empty()) return ok_status();
  // A failed statement drops the connection, which rolls the transaction back: all or nothing.
  Status st = connection_.with_session([&](Session& s) { return add_all(s, counts); });
  if (!st) merge(counts);
  return st;
}

Result<TeslaUsageMonth> TeslaUsageBook::month(TimePoint now) {
  (void)flush();  // what cannot be written yet is added in below
  const std::string m = usage_month(now);
  auto rows = connection_.with_session([&](Session& session) -> Result<std::vector<TeslaUsage>> {
    Statement st(session, kRead, "reading p15_tesla_usage for " + m);
    st.text(m);
    if (auto ok = st.execute(); !ok) return ok.error();
    std::vector<TeslaUsage> out;
    for (;;) {
      auto row = st.fetch();
      if (!row) return row.error();
      if (!*row) break;
      const std::string dollars = st.text_at(3).value_or("0");
      out.push_back(TeslaUsage{st.text_at(0).value_or(""), st.integer_at(1).value_or(0),
                               st.integer_at(2).value_or(0),
                               std::strtod(dollars.c_str(), nullptr)});
    }
    return out;
  });
  if (!rows) return rows.error();
  std::vector<TeslaUsage> all = std::move(rows).value();
  std::lock_guard lock(mu_);
  for (const auto& [key, u] : pending_) {
    if (key.first == m) all.push_back(u);
  }
  return usage_month_report(m, all);
}

}  // namespace p15
