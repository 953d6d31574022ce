#include "bench/cli.h"

#include <cstdlib>
#include <sstream>

#include "service/core/policy.h"

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
Result<std::vector<std::string>> choose(const std::string& flag, const std::string& value,
                                        const std::vector<std::string>& all,
                                        const std::vector<std::string>& known) {
  if (value == "all") return all;
  std::vector<std::string> out = split(value);
  if (out.empty()) return Error{flag + ": empty"};
  for (const auto& name : out) {
    bool ok = known.empty();
    for (const auto& k : known) ok = ok || k == name;
    if (!ok) return Error{flag + ": unknown '" + name + "'"};
  }
  return out;
}

std::vector<std::string> all_policies() {
  std::vector<std::string> p = policy_names();
  p.push_back(kOptimum);
  p.push_back(kSelfPowered);
  return p;
}

bool is_tariff_file(const std::string& t) { return t.ends_with(".yml") || t.ends_with(".yaml"); }

Result<std::vector<std::string>> tariffs(const std::string& value) {
  auto t = choose("--tariff", value, {"flat", "tou-nbt"}, {});
  if (!t) return t;
  for (const auto& name : *t) {
    if (name != "flat" && name != "tou-nbt" && !is_tariff_file(name)) {
      return Error{"--tariff: '" + name + "' is not flat, tou-nbt or a .yml/.yaml file"};
    }
  }
  return t;
}

Status apply_flag(Options& o, const std::string& flag, const std::string& v) {
  auto set_list = [&](std::vector<std::string>& dst, Result<std::vector<std::string>> r) {
    if (!r) return Status{r.error()};
    dst = *r;
    return ok_status();
  };
  try {
    if (flag == "--days")
      o.days = std::stoi(v);
    else if (flag == "--dataset")
      return set_list(o.datasets, choose(flag, v, {"opsd", "ausgrid"}, {"opsd", "ausgrid"}));
    else if (flag == "--tariff")
      return set_list(o.tariffs, tariffs(v));
    else if (flag == "--policy")
      return set_list(o.policies, choose(flag, v, all_policies(), all_policies()));
    else if (flag == "--profile")
      return set_list(o.profiles, choose(flag, v, {"commute", "home"}, {"commute", "home"}));
    else if (flag == "--out")
      o.out_dir = v;
    else if (flag == "--seed")
      o.seed = std::stoull(v);
    else if (flag == "--data-dir")
      o.data_dir = v;
    else if (flag == "--step-s")
      o.step_s = std::stod(v);
    else if (flag == "--jobs")
      o.jobs = std::stoi(v);
    else if (flag == "--lp")
      o.lp_method = v;
    else
      return Error{"unknown flag " + flag};
  } catch (const std::exception&) {
    return Error{flag + ": bad value '" + v + "'"};
  }
  return ok_status();
}

Status validate(const Options& o) {
  if (o.days < 1 || o.days > 366) return Error{"--days: 1..366"};
  if (o.jobs < 1 || o.jobs > 64) return Error{"--jobs: 1..64"};
  if (o.lp_method != "interior" && o.lp_method != "simplex")
    return Error{"--lp: interior or simplex"};
  const double slot_s = 1800;
  if (o.step_s < 1 || o.step_s > slot_s ||
      static_cast<long long>(slot_s) % static_cast<long long>(o.step_s) != 0 ||
      o.step_s != static_cast<long long>(o.step_s)) {
    return Error{"--step-s: whole seconds dividing 1800 (e.g. 30, 60)"};
  }
  return ok_status();
}

}  // namespace

std::string usage() {
  return "usage: p15-backtest [--days N] [--dataset opsd|ausgrid|all] "
         "[--tariff flat|tou-nbt|FILE.yml[,...]|all]\n"
         "                    [--policy NAME[,NAME]|all] [--profile commute|home|all] [--out DIR]\n"
         "                    [--seed N] [--data-dir DIR] [--step-s 30] [--jobs 2]\n"
         "                    [--lp interior|simplex] [--no-progress]\n"
         "policies: the service's (legacy, charge-now, surplus-delay, ...), optimum (LP, "
         "Powerwall\n"
         "and car optimised), self-powered (LP bound with the Powerwall in self-powered mode)\n"
         "defaults: --days 365 --dataset all --tariff all --policy all --profile all\n";
}

Result<Options> parse_args(const std::vector<std::string>& args,
                           const std::string& default_data_dir) {
  Options o;
  o.datasets = {"opsd", "ausgrid"};
  o.tariffs = {"flat", "tou-nbt"};
  o.policies = all_policies();
  o.profiles = {"commute", "home"};
  const char* env = std::getenv("P15_DATA_DIR");
  o.data_dir = env != nullptr && *env != '\0' ? env : default_data_dir;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "-h" || a == "--help") {
      o.help = true;
      continue;
    }
    if (a == "--no-progress") {
      o.progress = false;
      continue;
    }
    if (i + 1 >= args.size()) return Error{a + ": needs a value"};
    Status st = apply_flag(o, a, args[++i]);
    if (!st) return st.error();
  }
  Status st = validate(o);
  if (!st) return st.error();
  return o;
}

}  // namespace p15::bench
