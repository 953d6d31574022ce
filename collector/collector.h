#pragma once
// One collection round: the reads schedule.h says are due, from the sources given, then the
// rows. No threads, no clock: the caller passes the home's time (the schedule's) and the real
// time (row stamps and ages), so the tests step it like the simulator does.
#include <atomic>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "collector/collector_metrics.h"
#include "collector/row_json.h"
#include "collector/row_writer.h"
#include "collector/schedule.h"
#include "collector/sources.h"

namespace p15::collector {

class FleetCloud;

struct CollectorSettings {
  ScheduleSettings schedule;
  std::string vin;
  double dollars_per_month = 8;
  Seconds retention{0};  // 0 = keep every row
  int prune_batch = 500;
};

// What the round did, for POST /collect's answer and the tests.
struct RoundReport {
  DueReads due;
  std::map<std::string, std::string> results;  // source -> ok, asleep, error: ..., skipped_budget
  std::optional<std::int64_t> battery_row;
  std::optional<std::int64_t> vehicle_row;
  VehicleState car = VehicleState::Unknown;
  double month_spend_dollars = 0;
};

class Collector {
 public:
  // `vehicle`, `wall_connector` and `cloud` may be null (no car, no Wall Connector, no Fleet).
  Collector(CollectorSettings settings, PowerwallSource& powerwall, VehicleSource* vehicle,
            WallConnectorSource* wall_connector, FleetCloud* cloud, RowSink& sink,
            CollectorMetrics& metrics);

  RoundReport collect(TimePoint home_now, TimePoint real_now);
  // The service sent a command: read the car at the next round (thread-safe).
  void request_refresh() { refresh_.store(true); }
  // Every billed Tesla answer, from the FleetClient's observer (thread-safe).
  void billed(double dollars);
  double month_spend() const;

 private:
  void read_powerwall(const DueReads& due, RoundReport& r, TimePoint home_now);
  void read_wall_connector(RoundReport& r);
  void read_car(const DueReads& due, RoundReport& r, TimePoint home_now);
  bool affordable(const std::string& source, RoundReport& r, TimePoint home_now);
  void car_state(VehicleState s, TimePoint home_now);
  void cloud_failed(const Error& e, TimePoint home_now);
  void note(RoundReport& r, const std::string& source, const Result<Unit>& outcome);
  void write_rows(RoundReport& r, TimePoint real_now);
  void prune(TimePoint real_now);

  CollectorSettings settings_;
  PowerwallSource& powerwall_;
  VehicleSource* vehicle_;
  WallConnectorSource* wall_connector_;
  FleetCloud* cloud_;
  RowSink& sink_;
  CollectorMetrics& metrics_;

  ScheduleState state_;
  std::optional<PowerwallLive> live_;
  std::optional<SiteInfo> site_;
  VehicleRow car_;
  int cloud_failures_ = 0;
  std::map<std::string, std::string> last_result_;  // logged when it changes
  std::optional<TimePoint> last_prune_;
  std::atomic<bool> refresh_{false};

  mutable std::mutex spend_mu_;
  double spent_ = 0;
  int spend_month_ = -1;  // months since 1970 of spent_, by the home clock
};

}  // namespace p15::collector
