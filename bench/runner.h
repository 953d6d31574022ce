#pragma once
// Runs every selected dataset x tariff x profile case: the policies' replays and the LP bounds as
// independent jobs on `jobs` threads, with a progress bar on stderr.
#include <string>
#include <vector>

#include "bench/cli.h"
#include "bench/day_plot.h"
#include "bench/forecast_eval.h"
#include "bench/report.h"

namespace p15::bench {

struct CasePlot {
  std::string file;  // e.g. day_opsd_flat_commute.svg
  DayPlot plot;
};

struct RunOutput {
  std::vector<CaseResult> cases;
  std::vector<CasePlot> plots;
  std::vector<ForecastError> forecasts;  // per dataset and forecaster
  double seconds = 0;
  int days = 0;  // the longest case's days: --days, or fewer when a home's data is shorter
};

Result<RunOutput> run_backtest(const Options& options);

// The day (index from the horizon's start) to plot: the one whose solar energy is closest to the
// median, among weekend days for the commute profile (the car is home in daylight) and among all
// days otherwise.
int representative_day(const Horizon& horizon);

}  // namespace p15::bench
