// p15-backtest: what each charging policy costs over a real year of household data, against the
// LP optimum, in one reproducible run. See bench/README.md.
#include <spdlog/spdlog.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "bench/cli.h"
#include "bench/runner.h"

#ifndef P15_SOURCE_DIR
#define P15_SOURCE_DIR "."
#endif

namespace {

using namespace p15::bench;

std::string command_line(int argc, char** argv) {
  std::string s = "p15-backtest";
  for (int i = 1; i < argc; ++i) s += std::string(" ") + argv[i];
  return s;
}

std::string header(const Options& o, const RunOutput& run, const std::string& cmd) {
  std::ostringstream h;
  h << "# Backtest\n\n`" << cmd << "`\n\n"
    << "days " << run.days << ", poll every " << o.step_s << " s, seed " << o.seed << ", "
    << "run time " << static_cast<int>(run.seconds + 0.5) << " s on " << o.jobs << " threads.\n"
    << "Captured = (bill(charge-now) - bill) / (bill(charge-now) - bill(reference)), reference "
       "= optimum (LP over car and Powerwall) or self-powered (LP bound, Powerwall in "
       "self-powered mode). Bills include the top-ups bought at departure for unmet needs.\n\n";
  return h.str();
}

bool write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
  if (!out) std::fprintf(stderr, "p15-backtest: cannot write %s\n", path.c_str());
  return static_cast<bool>(out);
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  auto options = parse_args(args, std::string(P15_SOURCE_DIR) + "/../shared/data");
  if (!options) {
    std::fprintf(stderr, "p15-backtest: %s\n%s", options.error().message.c_str(), usage().c_str());
    return 2;
  }
  const Options& o = *options;
  if (o.help) {
    std::fputs(usage().c_str(), stdout);
    return 0;
  }
  // The service's Cycle logs every decision; a year of them per replay is noise here.
  spdlog::set_level(spdlog::level::off);
  auto run = run_backtest(o);
  if (!run) {
    std::fprintf(stderr, "p15-backtest: %s\n", run.error().message.c_str());
    return 1;
  }
  std::error_code ec;
  std::filesystem::create_directories(o.out_dir, ec);
  const std::filesystem::path dir(o.out_dir);
  const std::string md = header(o, *run, command_line(argc, argv)) + markdown(run->cases) +
                         forecast_markdown(run->forecasts);
  bool ok =
      write_file(dir / "backtest.md", md) && write_file(dir / "backtest.csv", csv(run->cases));
  for (const auto& p : run->plots) ok = write_file(dir / p.file, day_plot_svg(p.plot)) && ok;
  std::fputs(md.c_str(), stdout);
  return ok ? 0 : 1;
}
