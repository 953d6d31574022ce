// libFuzzer target: YAML text + P15_* environment overrides -> validated Config (service/config).
//
// Input: the YAML text, optionally followed by a NUL byte and environment entries, one
// NAME=value a line. "%SECRETS%" anywhere is replaced by a private directory holding secret files
// (db_password, fleet_token, empty, blank, dir/), so *_file keys reach real files.
//
// Beyond "no crash": a loaded config satisfies every documented range and cross-key rule, loads
// back to itself from its own values (as environment overrides), and neither describe() nor an
// error message shows a secret (an environment secret or a secret file's content).
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>

#include "service/config/config.h"
#include "service/core/policy.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

using namespace p15;
using fuzz::check;
using fuzz::check_in;
using fuzz::starts_with;
namespace fs = std::filesystem;
using Env = std::map<std::string, std::string>;

const char* const kSource = "fuzz.yml";
const std::string kDbPassword = "db-pass-4711";
const std::string kFleetToken = "tok-SECRET-0815";
std::string g_secrets_dir;

void make_secrets_dir() {
  char templ[] = "/tmp/p15-fuzz-config-XXXXXX";
  if (mkdtemp(templ) == nullptr) std::abort();
  g_secrets_dir = templ;
  std::ofstream(g_secrets_dir + "/db_password") << kDbPassword << "\n";
  std::ofstream(g_secrets_dir + "/fleet_token") << kFleetToken;
  std::ofstream(g_secrets_dir + "/empty");
  std::ofstream(g_secrets_dir + "/blank") << " \n\t\n";
  fs::create_directory(g_secrets_dir + "/dir");
  std::atexit([] { fs::remove_all(g_secrets_dir); });
}

void replace_all(std::string& s, const std::string& from, const std::string& to) {
  for (auto at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
}

Env parse_env(const std::string& text) {
  Env env;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(start, end - start);
    if (auto eq = line.find('='); eq != std::string::npos) {
      env[line.substr(0, eq)] = line.substr(eq + 1);
    }
    start = end + 1;
  }
  return env;
}

bool one_of(const std::string& v, const std::vector<std::string>& names) {
  for (const auto& n : names) {
    if (v == n) return true;
  }
  return false;
}

// Empty, or http(s)://<something> without a trailing '/' (config_rules.cpp normalises it so).
void check_url(const std::string& key, const std::string& url) {
  if (url.empty()) return;
  const std::string scheme = starts_with(url, "https://") ? "https://" : "http://";
  check(starts_with(url, scheme) && url.size() > scheme.size() && url.back() != '/',
        key + " is http(s)://host... without a trailing '/'", url);
}

void check_ranges(const Config& c) {
  check_in("service.port", c.service.port, 1, 65535);
  check_in("database.port", c.database.port, 1, 65535);
  check_in("database.connect_timeout_s", c.database.connect_timeout_s, 1, 600);
  check_in("database.query_timeout_s", c.database.query_timeout_s, 1, 600);
  check_in("poll.interval_s", c.poll.interval_s, 1, 86400);
  check_in("poll.stale_after_s", c.poll.stale_after_s, 1, 86400);
  check_in("policy.min_amps", c.policy.min_amps, 0, 48);
  check_in("vehicle.request_timeout_s", c.vehicle.request_timeout_s, 1, 600);
  check_in("vehicle.max_wakes_per_hour", c.vehicle.max_wakes_per_hour, 0, 60);
  check_in("vehicle.wake_timeout_s", c.vehicle.wake_timeout_s, 1, 600);
  check(one_of(c.service.log_level, log_level_names()), "service.log_level", c.service.log_level);
  check(one_of(c.policy.name, policy_names()), "policy.name", c.policy.name);
  check(one_of(c.vehicle.adapter, vehicle_adapter_names()), "vehicle.adapter", c.vehicle.adapter);
}

void check_rules(const Config& c) {
  const std::string& root = c.service.application_root;
  check(root.empty() || (root[0] == '/' && root.back() != '/' &&
                         root.find_first_of(" \t?#") == std::string::npos),
        "service.application_root is \"\" or a plain /path without a trailing '/'", root);
  check(!c.service.bind_address.empty(), "service.bind_address is set");
  check(!c.database.host.empty() || !c.database.socket.empty(), "database.host or socket is set");
  check(!c.database.user.empty() && !c.database.name.empty(), "database.user and name are set");
  check_url("vehicle.fleet_base_url", c.vehicle.fleet_base_url);
  check_url("vehicle.companion_base_url", c.vehicle.companion_base_url);
  const auto& v = c.vehicle;
  if (v.adapter == "fleet") {
    check(!v.vin.empty() && !v.fleet_base_url.empty() && !v.fleet_token.empty(),
          "fleet has a vin, a base URL and a token");
  }
  if (v.adapter == "companion") {
    check(!v.companion_base_url.empty(), "companion has a base URL");
  }
  check(c.source == kSource, "source names the input", c.source);
}

// The loaded config as environment overrides: loading them over an empty file gives it back.
// A secret read from `x_file` travels as `x` (setting both is an error); an empty root is
// written "/", the form that normalises to it.
Env as_env(const Config& c) {
  std::set<std::string> keys;
  for (const auto& k : config_keys()) keys.insert(k);
  Env env;
  for (const auto& v : config_values(c)) {
    const bool file_of_secret = v.key.size() > 5 && v.key.ends_with("_file") &&
                                keys.count(v.key.substr(0, v.key.size() - 5)) != 0;
    if (file_of_secret) continue;
    std::string value = v.value;
    if (v.key == "service.application_root" && value.empty()) value = "/";
    env[config_env_var(v.key)] = value;
  }
  return env;
}

void check_round_trip(const Config& c) {
  const Env env = as_env(c);
  auto again = load_config_text("", kSource, env);
  check(again.ok(), "a loaded config loads back from its own values",
        again.ok() ? "" : again.error().message);
  const auto want = config_values(c);
  const auto got = config_values(again.value());
  for (std::size_t i = 0; i < want.size(); ++i) {
    if (env.count(config_env_var(want[i].key)) == 0) continue;  // a secret's file
    check(want[i].value == got[i].value, want[i].key + " survives the round trip",
          "\"" + want[i].value + "\" became \"" + got[i].value + "\"");
  }
}

// What a user sees of a load: describe() when it worked (logged at start-up), else the error.
std::string shown(const std::string& yaml, const Env& env) {
  auto r = load_config_text(yaml, kSource, env);
  return r.ok() ? describe(*r) : r.error().message;
}

const char* const kSecretVars[] = {"P15_DATABASE_PASSWORD", "P15_VEHICLE_FLEET_TOKEN"};

// A secret from the environment shows only if it shows as well when that variable holds some
// other (equally non-empty) text: then it came from elsewhere in the input or a default.
void check_env_secrets_hidden(const std::string& yaml, const Env& env, const std::string& text) {
  for (const char* var : kSecretVars) {
    auto it = env.find(var);
    if (it == env.end() || it->second.size() < 4 || text.find(it->second) == std::string::npos) {
      continue;
    }
    Env other = env;
    other[var] = "\x01other\x01";
    check(shown(yaml, other).find(it->second) != std::string::npos,
          std::string(var) + "'s value is not shown", text);
  }
}

// The secret files' contents show only if the input spells them out itself.
void check_file_secrets_hidden(const std::string& input, const std::string& text) {
  for (const auto& secret : {kDbPassword, kFleetToken}) {
    if (input.find(secret) != std::string::npos) continue;
    check(text.find(secret) == std::string::npos, "a secret file's content is not shown", text);
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  make_secrets_dir();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  replace_all(input, "%SECRETS%", g_secrets_dir);
  const auto nul = input.find('\0');
  const std::string yaml = input.substr(0, nul);
  Env env = nul == std::string::npos ? Env{} : parse_env(input.substr(nul + 1));

  auto r = load_config_text(yaml, kSource, env);
  if (r.ok()) {
    check_ranges(*r);
    check_rules(*r);
    check_round_trip(*r);
  } else {
    const auto& m = r.error().message;
    check(
        starts_with(m, std::string(kSource) + ": ") || starts_with(m, "environment variable P15_"),
        "an error names the file or the environment variable", m);
  }
  const std::string text = r.ok() ? describe(*r) : r.error().message;
  check_env_secrets_hidden(yaml, env, text);
  check_file_secrets_hidden(input, text);
  return 0;
}
