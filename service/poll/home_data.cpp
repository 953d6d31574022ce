#include "service/poll/home_data.h"

#include <spdlog/spdlog.h>

#include "service/core/time_text.h"

namespace p15 {

Result<HomeToday> HomeData::today() {
  const TimePoint now = clock_.now();
  const LocalZone& zone = ledger_.tariff.import_price.zone;
  const TimePoint from = savings_periods(zone, now).today_start;
  auto rows = rows_.rows_between(from, now);
  if (!rows) return rows.error();
  HomeToday out;
  out.zone = zone.name;
  // The local date of local midnight: format_utc of the wall time read as UTC.
  out.date = format_utc(TimePoint{to_local(zone, now).time_since_epoch()}).substr(0, 10);
  out.day = bucket_power(*rows, from, now, kStep, ledger_);
  if (out.day.first_skipped) {
    // Counted in the answer; said at debug, as a page reload would repeat it.
    spdlog::debug("home/today: {} unreadable rows skipped, the first: {}", out.day.skipped,
                  *out.day.first_skipped);
  }
  return out;
}

}  // namespace p15
