#pragma once
// What the planner looks ahead at: the next hours' forecast solar and house load with their
// prices. Learned from the home's own readings: an HourAccumulator turns the readings into
// measured clock hours, a Forecaster learns from those that have ended, and LearnedOutlook puts
// the forecast and the tariff together. Pure: time comes in with every call.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "service/core/forecast.h"
#include "service/core/power_day.h"
#include "service/core/site_settings.h"
#include "service/core/tariff.h"

namespace p15 {

// One period of the outlook: the rest of the current hour first, then whole hours.
struct OutlookHour {
  TimePoint start{};
  double hours = 1;  // length
  double solar_wh = 0;
  double house_wh = 0;
  double import_per_kwh = 0;
  double export_per_kwh = 0;
  // Time-Based Control would empty the battery into the grid now (site_settings.h).
  bool battery_export = false;
};

struct Outlook {
  TimePoint made_at{};
  std::string source;  // the forecaster's name, or "oracle"
  std::vector<OutlookHour> hours;
};

// The clock hour `t` lies in, in `zone`'s local time.
HourKey hour_key(const LocalZone& zone, TimePoint t);
// The periods from `now` for `hours` hours: [now, next hour), then whole hours, priced, with
// Time-Based Control's view of each (the local day's import prices in the tariff's zone).
std::vector<OutlookHour> outlook_periods(const Tariff& tariff, TimePoint now, int hours);

// Time-Based Control's view of the hour `t` lies in, from its local day's import prices in the
// tariff's zone (the Powerwall model's rule, site_settings.h).
GridHour grid_hour_at(const Tariff& tariff, TimePoint t);

// Sums readings into clock hours. A reading's power is the average since the previous reading
// (the collector's rows carry the last interval's flows); a gap longer than `max_gap` is not
// counted, and an hour less than half covered is not reported.
class HourAccumulator {
 public:
  explicit HourAccumulator(LocalZone zone, Seconds max_gap = Seconds{900})
      : zone_(std::move(zone)), max_gap_(max_gap) {}
  // The hours that ended with this reading, in order (usually none, at most a few).
  std::vector<HourEnergy> add(TimePoint at, double solar_w, double house_w);

 private:
  void roll(TimePoint hour, std::vector<HourEnergy>& ended);
  void credit(TimePoint from, TimePoint to, double solar_w, double house_w,
              std::vector<HourEnergy>& ended);
  LocalZone zone_;
  Seconds max_gap_;
  std::optional<TimePoint> last_;
  std::optional<TimePoint> hour_;  // the hour being summed
  double solar_wh_ = 0, house_wh_ = 0, covered_s_ = 0;
};

// Where the Cycle gets the outlook it hands the policy (HomeSettings::outlook).
class OutlookSource {
 public:
  virtual ~OutlookSource() = default;
  // A snapshot of rows the Cycle trusts, before the policy sees it.
  virtual void observe(const Snapshot& snapshot) = 0;
  // Null while there is none (nothing learned yet).
  virtual std::shared_ptr<const Outlook> outlook(TimePoint now) const = 0;
};

// One reading the outlook learns from: the solar and the house's load without the car, W.
struct HomeReading {
  TimePoint at{};
  double solar_w = 0, house_w = 0;
};

// What a Powerwall reading and the car's reading in force then say: stamped when the Powerwall's
// reading was taken, the house without the car's draw. The one rule for the live snapshot and
// the stored rows.
HomeReading home_reading(const PowerwallReading& pw, const VehicleReading& car);

// The collector's rows as the Cycle would have fed them, oldest first: each readable Powerwall
// row with the car row in force at its time (the newest stamped at or before it; none: the car
// draws nothing), stamped as LearnedOutlook::observe(Snapshot) stamps it. Unreadable rows are
// counted in `skipped`.
std::vector<HomeReading> home_readings(const PowerDayRows& rows, long long& skipped);

// The service's and the backtest's outlook: a forecaster fed with the home's own readings. No
// outlook until `min_hours` hours have been learned (a cold start decides without one).
class LearnedOutlook final : public OutlookSource {
 public:
  // `zone`: the home's, whose local hours and weekends the forecaster learns by.
  LearnedOutlook(Tariff tariff, LocalZone zone, std::unique_ptr<Forecaster> forecaster,
                 int horizon_h = 36, int min_hours = 24);
  void observe(const Snapshot& snapshot) override;
  // A reading's solar and the house's load without the car, W, at `at`.
  void observe(TimePoint at, double solar_w, double house_w);
  std::shared_ptr<const Outlook> outlook(TimePoint now) const override;
  const Forecaster& forecaster() const { return *forecaster_; }
  int learned_hours() const { return learned_; }
  bool ready() const { return learned_ >= min_hours_; }  // outlook() has one

 private:
  Tariff tariff_;
  LocalZone zone_;
  std::unique_ptr<Forecaster> forecaster_;
  HourAccumulator hours_;
  int horizon_h_;
  int min_hours_;
  int learned_ = 0;
};

}  // namespace p15
