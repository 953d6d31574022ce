// libFuzzer target: whatever the two parsers accept, every policy turns into a sane decision.
// This is where untrusted rows meet commands to the car, and where features_to_json writes them
// into smart_charger_model.features (that serialiser takes no outside input of its own, so it is
// fuzzed here, with the features the policies build from parsed rows).
//
// Input: battery_model.data, a NUL byte, vehicle_model.data, optionally a NUL byte and a few
// bytes choosing the smart policy's plan (mode, departure, target) and the seconds between three
// consecutive decisions (memory handed back, as the poller does).
//
// Invariants: 0 <= amps <= the car's charge_current_request_max (or the policy's default), the
// commands planned are each sent at most once, set_charging_amps carries those amps, nothing goes
// to a disconnected car, numeric features are finite and features_to_json gives back every
// feature (last value of a repeated name) as valid JSON.
#include <cpprest/json.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <variant>

#include "service/core/command_plan.h"
#include "service/core/policy.h"
#include "service/store/features_json.h"
#include "service/store/powerwall_json.h"
#include "service/store/vehicle_json.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

using namespace p15;
using fuzz::check;

const TimePoint kRowTime{Seconds{1718445600}};  // 2024-06-15 10:00 UTC
constexpr int kDefaultMaxAmps = 32;             // every policy's default (their settings)

// Reads the optional tail byte by byte; zeros once it runs out.
struct Tail {
  const std::string& s;
  std::size_t at = 0;
  unsigned next() { return at < s.size() ? static_cast<unsigned char>(s[at++]) : 0u; }
};

ChargePlan make_plan(Tail& t) {
  ChargePlan plan;
  const unsigned mode = t.next() % 6;  // 5: no override
  if (mode < 5) plan.mode = static_cast<ChargeMode>(mode);
  if (const unsigned h = t.next(); h != 0) plan.departure = kRowTime + Seconds{(h % 48) * 1800};
  if (const unsigned soc = t.next(); soc != 0) plan.target_soc = soc % 101;
  return plan;
}

void check_features(const Decision& d) {
  std::map<std::string, Feature> last;
  for (const auto& f : d.features) {
    if (const auto* v = std::get_if<double>(&f.value)) {
      check(std::isfinite(*v), d.policy + ": feature " + f.name + " is finite");
    }
    last.insert_or_assign(f.name, f);
  }
  const std::string json = features_to_json(d.features);
  web::json::value doc;
  try {
    doc = web::json::value::parse(json);
  } catch (const web::json::json_exception& e) {
    fuzz::fail(d.policy + ": features_to_json gives valid JSON", json + ": " + e.what());
  }
  check(doc.is_object() && doc.size() == last.size(), d.policy + ": one member a feature", json);
  for (const auto& [name, f] : last) {
    check(doc.has_field(name), d.policy + ": feature " + name + " in the JSON", json);
    const auto& v = doc.at(name);
    if (const auto* s = std::get_if<std::string>(&f.value)) {
      check(v.is_string() && v.as_string() == *s, d.policy + ": " + name + " round-trips", json);
    } else {
      check(v.is_number() && v.as_double() == std::get<double>(f.value),
            d.policy + ": " + name + " round-trips exactly", json);
    }
  }
}

void check_decision(const Decision& d, const std::string& policy, const VehicleReading& car) {
  check(d.policy == policy, "the decision names its policy", d.policy);
  const int top = car.charge_current_request_max.value_or(kDefaultMaxAmps);
  check(d.amps >= 0 && d.amps <= top, policy + ": 0 <= amps <= the car's maximum",
        std::to_string(d.amps) + " A, maximum " + std::to_string(top) + " A; " + d.reason);
  check_features(d);
  const CommandPlan plan = plan_commands(d, car);
  int seen[3] = {0, 0, 0};
  for (const auto& c : plan.commands) {
    // Below 5 A the car needs set_charging_amps twice (command_plan.cpp); all else once.
    const int allowed = c.kind == CommandKind::SetChargingAmps && c.amps > 0 && c.amps < 5 ? 2 : 1;
    check(++seen[static_cast<int>(c.kind)] <= allowed,
          policy + ": each command at most once (amps below 5 A twice)", to_string(plan.action));
    if (c.kind == CommandKind::SetChargingAmps) {
      check(c.amps == d.amps, policy + ": set_charging_amps sends the decided amps");
    }
  }
  if (car.charging_state == ChargingState::Disconnected) {
    check(plan.commands.empty(), policy + ": nothing to a disconnected car",
          to_string(plan.action));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  const auto nul = input.find('\0');
  if (nul == std::string::npos) return -1;  // not this target's shape: keep out of the corpus
  const auto nul2 = input.find('\0', nul + 1);
  auto pw = parse_powerwall_json(input.substr(0, nul), 1, kRowTime);
  auto car = parse_vehicle_json(input.substr(nul + 1, nul2 - nul - 1), 2, kRowTime);
  if (!pw.ok() || !car.ok()) return 0;
  const std::string tail = nul2 == std::string::npos ? "" : input.substr(nul2 + 1);
  Tail t{tail};
  const ChargePlan plan = make_plan(t);
  const unsigned step_s = 1 + t.next() * 8;  // 1 s .. ~34 min between decisions

  for (const auto& name : policy_names()) {
    auto policy = make_policy(name, PolicySettings{});
    check(policy.ok(), "every listed policy can be made", name);
    Snapshot s{*pw, *car, kRowTime, PolicyMemory{}, plan};
    for (int i = 0; i < 3; ++i) {
      const Decision d = policy.value()->decide(s);
      check_decision(d, name, *car);
      s.memory = d.memory;
      s.now += Seconds{step_s};
    }
  }
  return 0;
}
