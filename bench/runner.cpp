#include "bench/runner.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "bench/oracle_outlook.h"
#include "bench/tariff_file.h"
#include "sim/home_csv_flags.h"
#include "sim/household_data.h"
#include "sim/sim_time.h"

namespace p15::bench {

namespace chr = std::chrono;

namespace {

struct CaseWork {
  Horizon horizon;
  Tariff tariff;  // the smart policy plans with it
  int days = 0;   // the horizon's length (--days, or fewer in a home's own data)
  CaseResult result;
  std::vector<DayTrace> traces;  // per row, replays only
  int trace_day = -1;
};

struct Progress {
  std::atomic<long long> done{0};
  long long total = 0;
  std::atomic<int> jobs_done{0};
  int jobs = 0;
};

void draw(const Progress& p, double elapsed_s, bool final) {
  const double frac = p.total > 0 ? std::min(1.0, static_cast<double>(p.done) / p.total) : 1.0;
  const int width = 40, filled = static_cast<int>(frac * width);
  std::fprintf(stderr, "\r[%s%s] %5.1f%%  %d/%d jobs  %.0f s", std::string(filled, '#').c_str(),
               std::string(width - filled, '.').c_str(), frac * 100, p.jobs_done.load(), p.jobs,
               elapsed_s);
  if (final) std::fputc('\n', stderr);
  std::fflush(stderr);
}

// One dataset's series and the span the cases replay.
struct DatasetRun {
  sim::HouseholdSeries series;
  LocalSeconds start{};
  int days = 0;
};

// --csv: the home's own series, averaged into the horizon's half hours, from its first full
// local day, for at most the days it covers.
Result<DatasetRun> dataset_run(const std::string& ds, const Options& o) {
  DatasetRun run;
  if (ds == "home") {
    auto series = sim::load_home_series(o.csv, chr::minutes{30});
    if (!series) return series.error();
    run.start = sim::first_full_day(*series);
    run.days = std::min(o.days, sim::full_days_from(*series, run.start));
    if (run.days < 1) {
      return Error{o.csv.file + ": no full local day (" + series->zone.name + ") in the data"};
    }
    // What was read, so an owner can check it against the file before trusting the figures.
    std::fprintf(stderr,
                 "p15-backtest: %s: %zu intervals of %lld s in %s, %d missing (filled from the "
                 "day before), %d negative loads and %d negative solar set to 0; replaying %s + "
                 "%d d\n",
                 o.csv.file.c_str(), series->samples.size(),
                 static_cast<long long>(series->step.count()), series->zone.name.c_str(),
                 series->missing_intervals, series->clamped_negative,
                 series->clamped_negative_solar, sim::format_wall(run.start).substr(0, 10).c_str(),
                 run.days);
    run.series = std::move(series).value();
    return run;
  }
  const sim::Dataset d = ds == "opsd" ? sim::Dataset::Opsd : sim::Dataset::Ausgrid;
  auto series = sim::load_household(d, o.data_dir, sim::default_load_options(d));
  if (!series) return series.error();
  sim::fill_missing_from_previous_day(series.value());
  run.series = std::move(series).value();
  run.start = default_start(d);
  run.days = o.days;
  return run;
}

Result<std::vector<std::unique_ptr<CaseWork>>> build_cases(const Options& o) {
  std::vector<std::unique_ptr<CaseWork>> cases;
  std::vector<Tariff> tariffs;
  for (const auto& t : o.tariffs) {
    auto tariff = make_bench_tariff(t, o.data_dir);
    if (!tariff) return tariff.error();
    tariffs.push_back(*tariff);
  }
  for (const auto& ds : o.datasets) {
    auto run = dataset_run(ds, o);
    if (!run) return run.error();
    const LocalSeconds start = run->start;
    for (const Tariff& tariff : tariffs) {
      for (const auto& pr : o.profiles) {
        auto w = std::make_unique<CaseWork>();
        EvProfile ev{pr == "commute" ? Profile::Commute : Profile::Home, 8, 15, o.seed};
        HomeSetup home;
        if (o.powerwall == "tbc") {
          home.powerwall_mode = sim::OperationMode::TimeBasedControl;
          home.export_rule = sim::ExportRule::BatteryOk;
        }
        w->days = run->days;
        w->horizon = build_horizon(run->series, ds, tariff, ev, start, w->days, home);
        w->tariff = tariff;
        w->trace_day = representative_day(w->horizon);
        w->result = {ds,
                     tariff.name,
                     pr,
                     sim::format_wall(start).substr(0, 10) + " + " + std::to_string(w->days) +
                         " d, Powerwall " + o.powerwall,
                     {}};
        cases.push_back(std::move(w));
      }
    }
  }
  return cases;
}

using Job = std::function<void()>;

// The backtest's planner steers the Powerwall, replans every --replan-s (hourly by default), and
// keeps the owner's reserve.
PolicySettings policy_settings(const CaseWork& w, const Options& o) {
  PolicySettings s;
  s.smart.tariff = w.tariff;
  s.planner.steer_powerwall = true;
  s.planner.replan = Seconds{o.replan_s};
  s.planner.owner_reserve_percent = w.horizon.home.powerwall.backup_reserve_percent;
  s.planner.powerwall_round_trip = w.horizon.home.powerwall.round_trip_efficiency;
  return s;
}

std::unique_ptr<OutlookSource> outlook_for(const std::string& name, const CaseWork& w) {
  if (name.starts_with(kPlannerOracle)) return std::make_unique<OracleOutlook>(w.horizon, w.tariff);
  const std::string forecaster = name.starts_with(kPlannerMa) ? "moving-average" : "weather-aware";
  if (!name.starts_with("planner")) return nullptr;
  return std::make_unique<LearnedOutlook>(w.tariff, w.horizon.zone, make_forecaster(forecaster));
}

// LP jobs first: they are the longest, so the two threads finish together.
std::vector<Job> make_jobs(const Options& o, std::vector<std::unique_ptr<CaseWork>>& cases,
                           Progress& progress, std::mutex& glpk) {
  std::vector<Job> lps, replays;
  for (auto& cp : cases) {
    CaseWork* w = cp.get();
    w->result.rows.resize(o.policies.size());
    w->traces.resize(o.policies.size());
    for (std::size_t i = 0; i < o.policies.size(); ++i) {
      const std::string name = o.policies[i];
      if (name == kOptimum || name == kSelfPowered || name == kLevers) {
        lps.push_back([w, i, name, &o, &progress, &glpk] {
          LpOptions lo;
          lo.battery = name == kOptimum       ? BatteryControl::Free
                       : name == kSelfPowered ? BatteryControl::SelfPowered
                                              : BatteryControl::Levers;
          lo.method = o.lp_method == "simplex" ? LpMethod::Simplex : LpMethod::Interior;
          std::unique_lock lock(glpk, std::defer_lock);
          if (!glpk_thread_safe()) lock.lock();
          const LpResult r = solve_optimum(w->horizon, lo);
          if (!r.ok) std::fprintf(stderr, "\nLP %s failed: %s\n", name.c_str(), r.status.c_str());
          w->result.rows[i] = row_from(name, r, w->days);
          progress.done += w->days;
        });
        continue;
      }
      replays.push_back([w, i, name, &o, &progress] {
        PolicySettings ps = policy_settings(*w, o);
        ps.planner.car = name.ends_with(kPlanCarSuffix) ? PlannerCar::Plan : PlannerCar::Smart;
        auto policy = make_policy(name.starts_with("planner") ? "planner" : name, ps);
        const std::unique_ptr<OutlookSource> outlook = outlook_for(name, *w);
        ReplayOptions ro;
        ro.outlook = outlook.get();
        ro.label = name;
        ro.step_s = o.step_s;
        ro.trace_day = w->trace_day;
        ro.ledger.tariff = w->tariff;
        ro.on_day = [&progress] { ++progress.done; };
        const ReplayResult r = replay(w->horizon, **policy, ro);
        w->result.rows[i] = row_from(r);
        w->traces[i] = r.trace;
      });
    }
  }
  progress.jobs = static_cast<int>(lps.size() + replays.size());
  for (const auto& w : cases) {
    progress.total += static_cast<long long>(w->days) * static_cast<long long>(o.policies.size());
  }
  lps.insert(lps.end(), replays.begin(), replays.end());
  return lps;
}

void run_jobs(const std::vector<Job>& jobs, int threads, Progress& progress, bool show) {
  std::atomic<std::size_t> next{0};
  std::atomic<int> running{threads};
  const auto t0 = chr::steady_clock::now();
  auto worker = [&] {
    for (std::size_t j = next++; j < jobs.size(); j = next++) {
      jobs[j]();
      ++progress.jobs_done;
    }
    --running;
  };
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) pool.emplace_back(worker);
  auto elapsed = [&] { return chr::duration<double>(chr::steady_clock::now() - t0).count(); };
  long long last = -1;
  while (running > 0) {
    // Redraw when the bar moves or every 5 s, so a log file does not fill with copies.
    const long long now_units = progress.done * 200 / std::max(1LL, progress.total);
    const long long tick = static_cast<long long>(elapsed() / 5);
    if (show && now_units * 100000 + tick != last) draw(progress, elapsed(), false);
    last = now_units * 100000 + tick;
    std::this_thread::sleep_for(chr::milliseconds(250));
  }
  for (auto& t : pool) t.join();
  if (show) draw(progress, elapsed(), true);
}

std::string day_title(const CaseWork& w) {
  const LocalSeconds local = to_local(w.horizon.zone, w.horizon.start) + chr::days{w.trace_day};
  const chr::weekday wd{chr::floor<chr::days>(local)};
  static const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  return w.result.dataset + " / " + w.result.tariff + " / " + w.result.profile + ", " +
         sim::format_wall(local).substr(0, 10) + " (" + kDays[wd.c_encoding()] + ")";
}

CasePlot plot_of(const CaseWork& w) {
  CasePlot p;
  std::string tariff = w.result.tariff;
  std::replace(tariff.begin(), tariff.end(), '/', '_');
  p.file = "day_" + w.result.dataset + "_" + tariff + "_" + w.result.profile + ".svg";
  p.plot.title = day_title(w);
  for (std::size_t i = 0; i < w.result.rows.size(); ++i) {
    if (!w.result.rows[i].bound) p.plot.panels.emplace_back(w.result.rows[i].policy, w.traces[i]);
  }
  return p;
}

// Each dataset's forecasters, on its first case's horizon (the profiles share solar and load).
std::vector<ForecastError> forecast_errors(const std::vector<std::unique_ptr<CaseWork>>& cases) {
  std::vector<ForecastError> out;
  std::string done;
  for (const auto& w : cases) {
    if (w->horizon.dataset == done) continue;
    done = w->horizon.dataset;
    for (const std::string& name : forecaster_names()) {
      out.push_back(evaluate_forecaster(w->horizon, *make_forecaster(name)));
    }
  }
  return out;
}

}  // namespace

int representative_day(const Horizon& h) {
  const int days = static_cast<int>(h.slots.size()) / h.slots_per_day();
  std::vector<std::pair<double, int>> solar;  // kWh, day
  for (int d = 0; d < days; ++d) {
    const Slot& first = h.slots[d * h.slots_per_day()];
    if (h.profile == Profile::Commute && !first.weekend) continue;
    double kwh = 0;
    for (int k = 0; k < h.slots_per_day(); ++k)
      kwh += h.slots[d * h.slots_per_day() + k].solar_w / 2000;
    solar.emplace_back(kwh, d);
  }
  if (solar.empty()) return 0;
  std::sort(solar.begin(), solar.end());
  return solar[solar.size() / 2].second;
}

Result<RunOutput> run_backtest(const Options& o) {
  const auto t0 = chr::steady_clock::now();
  auto cases = build_cases(o);
  if (!cases) return cases.error();
  Progress progress;
  std::mutex glpk;
  const std::vector<Job> jobs = make_jobs(o, cases.value(), progress, glpk);
  run_jobs(jobs, o.jobs, progress, o.progress);
  RunOutput out;
  for (const auto& w : cases.value()) out.days = std::max(out.days, w->days);
  out.forecasts = forecast_errors(cases.value());
  for (const auto& w : cases.value()) {
    out.cases.push_back(w->result);
    out.plots.push_back(plot_of(*w));
  }
  out.seconds = chr::duration<double>(chr::steady_clock::now() - t0).count();
  return out;
}

}  // namespace p15::bench
