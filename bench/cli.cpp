#include "bench/cli.h"

#include <cstdlib>
#include <functional>
#include <sstream>

#include "service/core/policy.h"
#include "sim/cli_checks.h"

namespace p15::bench {

namespace {

std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream in(s);
  std::string item;
  while (std::getline(in, item, ',')) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

// "all" expands to `all`; every other name must be in `known` (empty `known`: anything goes).
// The messages leave out the option, which CLI11 puts before them.
Result<std::vector<std::string>> choose(const std::string& value,
                                        const std::vector<std::string>& all,
                                        const std::vector<std::string>& known) {
  if (value == "all") return all;
  std::vector<std::string> out = split(value);
  if (out.empty()) return Error{"empty"};
  for (const auto& name : out) {
    bool ok = known.empty();
    for (const auto& k : known) ok = ok || k == name;
    if (!ok) return Error{"unknown '" + name + "'"};
  }
  return out;
}

std::vector<std::string> all_policies() {
  std::vector<std::string> p = policy_names();
  p.push_back(kPlannerMa);
  p.push_back(kPlannerOracle);
  p.push_back(std::string("planner") + kPlanCarSuffix);
  p.push_back(kOptimum);
  p.push_back(kSelfPowered);
  p.push_back(kLevers);
  return p;
}

bool is_tariff_file(const std::string& t) { return t.ends_with(".yml") || t.ends_with(".yaml"); }

Result<std::vector<std::string>> tariffs(const std::string& value) {
  auto t = choose(value, {"flat", "tou-nbt"}, {});
  if (!t) return t;
  for (const auto& name : *t) {
    if (name != "flat" && name != "tou-nbt" && !is_tariff_file(name)) {
      return Error{"'" + name + "' is not flat, tou-nbt or a .yml/.yaml file"};
    }
  }
  return t;
}

// A list option checked by CLI11 with `expand`'s rule and expanded after parsing.
using Expand = std::function<Result<std::vector<std::string>>(const std::string&)>;

CLI::Validator list_check(const Expand& expand) {
  return CLI::Validator(
      [expand](std::string& text) -> std::string {
        auto r = expand(text);
        return r ? std::string{} : r.error().message;
      },
      "");
}

struct Lists {
  std::string datasets = "all", tariffs = "all", policies = "all", profiles = "all";
};

Expand datasets() {
  return [](const std::string& v) { return choose(v, {"opsd", "ausgrid"}, {"opsd", "ausgrid"}); };
}
Expand profiles() {
  return [](const std::string& v) { return choose(v, {"commute", "home"}, {"commute", "home"}); };
}
// Beyond `all`: the other planner outlooks with the car on the plan.
std::vector<std::string> known_policies() {
  std::vector<std::string> k = all_policies();
  for (const char* outlook : {kPlannerMa, kPlannerOracle})
    k.push_back(outlook + std::string(kPlanCarSuffix));
  return k;
}

Expand policies() {
  return [](const std::string& v) { return choose(v, all_policies(), known_policies()); };
}

void add_options(CLI::App& app, Options& o, Lists& l) {
  app.add_flag("-h,--help", o.help);
  app.add_flag_callback("--no-progress", [&o] { o.progress = false; });
  app.add_option("--days", o.days)->transform(sim::number_in(1, 366, true));
  app.add_option("--dataset", l.datasets)->check(list_check(datasets()));
  app.add_option("--tariff", l.tariffs)->check(list_check(tariffs));
  app.add_option("--policy", l.policies)->check(list_check(policies()));
  app.add_option("--profile", l.profiles)->check(list_check(profiles()));
  app.add_option("--out", o.out_dir);
  app.add_option("--seed", o.seed)->transform(sim::number_in(0, 9e15, true));
  app.add_option("--data-dir", o.data_dir);
  app.add_option("--step-s", o.step_s)->transform(sim::number_in(1, 1800, true));
  app.add_option("--jobs", o.jobs)->transform(sim::number_in(1, 64, true));
  app.add_option("--lp", o.lp_method)->check(sim::one_of({"interior", "simplex"}));
  app.add_option("--replan-s", o.replan_s)->transform(sim::number_in(60, 86400, true));
  app.add_option("--powerwall", o.powerwall)->check(sim::one_of({"self-powered", "tbc"}));
  sim::add_home_csv_flags(app, o.csv);
}

// The lists passed their checks while parsing, so expanding them cannot fail.
void expand_lists(const Lists& l, Options& o) {
  o.datasets = *datasets()(l.datasets);
  o.tariffs = *tariffs(l.tariffs);
  o.policies = *policies()(l.policies);
  o.profiles = *profiles()(l.profiles);
}

}  // namespace

std::string usage() {
  return "usage: p15-backtest [--days N] [--dataset opsd|ausgrid|all] "
         "[--tariff flat|tou-nbt|FILE.yml[,...]|all]\n"
         "                    [--policy NAME[,NAME]|all] [--profile commute|home|all] [--out DIR]\n"
         "                    [--seed N] [--data-dir DIR] [--step-s 30] [--jobs 2]\n"
         "                    [--lp interior|simplex] [--powerwall self-powered|tbc] [--replan-s "
         "N]\n"
         "                    [--no-progress]\n"
         "                    [--csv FILE [--csv-format generic|tesla] [--csv-time COL]\n"
         "                     [--csv-solar COL] [--csv-load COL] [--csv-quantity power|energy]\n"
         "                     [--csv-unit W|kW|Wh|kWh] [--csv-zone ZONE] [--csv-step-s N]]\n"
         "--csv: the home's own data (docs/own-data.md) replaces the datasets; its case is "
         "\"home\",\n"
         "from its first full local day, --days capped at the days it covers\n"
         "policies: the service's (legacy, charge-now, surplus-delay, ...), optimum (LP, "
         "Powerwall\n"
         "and car optimised), self-powered (LP bound with the Powerwall in self-powered mode)\n"
         "defaults: --days 365 --dataset all --tariff all --policy all --profile all\n";
}

Result<Options> parse_args(const std::vector<std::string>& args,
                           const std::string& default_data_dir) {
  Options o;
  const char* env = std::getenv("P15_DATA_DIR");
  o.data_dir = env != nullptr && *env != '\0' ? env : default_data_dir;
  Lists lists;
  CLI::App app{"p15-backtest"};
  sim::use_house_defaults(app);
  add_options(app, o, lists);
  if (auto st = sim::parse_command_line(app, args); !st) return st.error();
  expand_lists(lists, o);
  if (!o.csv.file.empty()) {
    if (auto csv = sim::home_csv_options(o.csv); !csv) return csv.error();
    o.datasets = {"home"};
  }
  if (1800 % static_cast<long long>(o.step_s) != 0) {
    return Error{"--step-s: whole seconds dividing 1800 (e.g. 30, 60)"};
  }
  return o;
}

}  // namespace p15::bench
