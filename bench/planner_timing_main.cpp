// p15-planner-timing: the CPU time of one planner replan (service/core/planner_lp.h), measured on
// the inputs the backtest's planner sees: at every hour of a year of a dataset on the tou-nbt
// tariff, the next 36 hours of the data (the oracle's outlook), the Powerwall half full, and a car
// plugged in 10 kWh short of a departure 12 hours later. Prints the median, p99 and maximum.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

#include "bench/oracle_outlook.h"
#include "bench/tariff_file.h"
#include "service/core/planner_lp.h"
#include "sim/household_data.h"

#ifndef P15_SOURCE_DIR
#define P15_SOURCE_DIR "."
#endif

namespace {

using namespace p15;
using namespace p15::bench;

double thread_cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

PlanInput input_at(const OracleOutlook& oracle, TimePoint now, bool steer) {
  PlanInput in;
  in.periods = oracle.outlook(now)->hours;
  in.battery.energy_wh = 13500 * 0.5;
  in.car.plugged = true;
  in.car.need_wh = 10000;
  in.car.departure_period = 12;
  in.steer_powerwall = steer;
  return in;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string dataset = argc > 1 ? argv[1] : "opsd";
  const char* env = std::getenv("P15_DATA_DIR");
  const std::string data_dir =
      env != nullptr && *env != '\0' ? env : std::string(P15_SOURCE_DIR) + "/../shared/data";
  const sim::Dataset d = dataset == "ausgrid" ? sim::Dataset::Ausgrid : sim::Dataset::Opsd;
  auto series = sim::load_household(d, data_dir, sim::default_load_options(d));
  auto tariff = make_bench_tariff("tou-nbt", data_dir);
  if (!series || !tariff) {
    std::fprintf(stderr, "p15-planner-timing: %s\n",
                 (!series ? series.error() : tariff.error()).message.c_str());
    return 1;
  }
  sim::fill_missing_from_previous_day(series.value());
  const Horizon h = build_horizon(*series, dataset, *tariff, EvProfile{}, default_start(d), 365);
  const OracleOutlook oracle(h, *tariff);
  for (bool steer : {true, false}) {
    std::vector<double> ms;
    int failed = 0;
    for (int hour = 0; hour < 365 * 24 - 36; ++hour) {
      const PlanInput in = input_at(oracle, h.start + Seconds{3600LL * hour + 600}, steer);
      const double t0 = thread_cpu_ms();
      const PlanResult r = solve_plan(in);
      ms.push_back(thread_cpu_ms() - t0);
      if (!r.ok) ++failed;
    }
    std::sort(ms.begin(), ms.end());
    std::printf("%s %s: %zu replans, CPU median %.2f ms, p99 %.2f ms, max %.2f ms, failed %d\n",
                dataset.c_str(), steer ? "steering the Powerwall" : "self-powered rows", ms.size(),
                ms[ms.size() / 2], ms[ms.size() * 99 / 100], ms.back(), failed);
  }
  return 0;
}
