// p15-month: a simulated month of the production topology (tests/support/home_processes.h), as
// the bill and soak of issue 15. Tesla's bill by category for the collector and the service
// together (the simulator's billing ledger), each process's RSS at the start and the end,
// decisions recorded against cycles run, and the errors the two processes counted by kind.
// Not a test: run it under scripts/with-mariadb.sh (bench/README.md has the command).
#include <CLI/CLI.hpp>
#include <chrono>
#include <cmath>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "tests/support/home_processes.h"
#include "tests/support/http.h"
#include "tests/support/test_db.h"

namespace {

using namespace p15::test;
using web::json::value;

long rss_kb(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}

struct Rss {
  long sim = 0, collector = 0, service = 0;
};
Rss rss_of(HomeProcesses& home) {
  return {rss_kb(home.sim().pid()), rss_kb(home.collector().pid()), rss_kb(home.service().pid())};
}

// The series of `text` whose name holds "error" or "failure" (e.g. p15_collector_errors_total).
std::string error_series(const std::string& text) {
  std::istringstream in(text);
  std::string out;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    const std::string name = line.substr(0, line.find_first_of("{ "));
    if (name.find("error") == std::string::npos && name.find("fail") == std::string::npos) continue;
    if (std::stod(line.substr(line.rfind(' ') + 1)) == 0) continue;
    out += "    " + line + "\n";
  }
  return out.empty() ? "    none\n" : out;
}

void print_bill(const value& bill) {
  std::cout << "Tesla bill, collector + service: $" << bill.at("usd").as_double() << "\n";
  for (const auto& [category, c] : bill.at("categories").as_object()) {
    std::cout << "  " << category << ": " << c.at("requests").as_integer() << " requests, "
              << c.at("billed").as_integer() << " billed, $" << c.at("usd").as_double() << "\n";
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"p15-month: a simulated month of sim + collector + service, billed and soaked"};
  double days = 30;
  double step_s = 60;
  bool no_gateway = false, no_wall_connector = false;
  std::string start = "2016-06-01T00:00";
  app.add_option("--days", days, "Simulated days")->check(CLI::Range(0.1, 366.0));
  app.add_option("--step-s", step_s, "Simulated seconds per collection and decision")
      ->check(CLI::Range(30.0, 3600.0));
  app.add_option("--start", start, "Local wall time of the first tick (Pacific)");
  app.add_flag("--no-gateway", no_gateway, "The Powerwall through Fleet's live_status");
  app.add_flag("--no-wall-connector", no_wall_connector,
               "No Wall Connector: plug state from Tesla");
  CLI11_PARSE(app, argc, argv);
  try {
    TestDatabase db;
    HomeOptions o;
    o.start = start;
    o.hours = days * 24;
    o.plug = "schedule";  // home evenings and weekends, away on workdays
    o.car_asleep = true;
    o.gateway = !no_gateway;
    o.wall_connector = !no_wall_connector;
    HomeProcesses home(db.config(), o);
    const auto started = std::chrono::steady_clock::now();
    const Rss first = rss_of(home);
    long long cycles = 0, not_ok = 0;
    value status;
    for (long long i = 0; i <= static_cast<long long>(o.hours * 3600 / step_s); ++i) {
      HomeStep s = home.step(step_s);
      status = s.status;
      if (s.done) break;
      ++cycles;
      not_ok += (s.collect_status != 200) + (s.manage_status != 200);
    }
    const Rss last = rss_of(home);
    const auto decisions = db.scalar("SELECT COUNT(*) FROM smart_charger_model").value_or("?");
    const double real_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::cout << "p15-month: " << days << " simulated days, step " << step_s << " s, gateway "
              << (o.gateway ? "yes" : "no") << ", Wall Connector "
              << (o.wall_connector ? "yes" : "no") << ", " << real_s << " s real\n";
    print_bill(status.at("tesla_billing"));
    std::cout << "car: " << status.at("car").serialize() << "\n";
    std::cout << "cycles run " << cycles << ", decisions recorded " << decisions
              << ", answers not 200 " << not_ok << "\n";
    std::cout << "RSS kB start -> end: p15-sim " << first.sim << " -> " << last.sim
              << ", p15-collector " << first.collector << " -> " << last.collector
              << ", p15-service " << first.service << " -> " << last.service << "\n";
    std::cout << "errors, p15-collector:\n"
              << error_series(http_get(home.collector_url() + "/metrics").body)
              << "errors, p15-service:\n"
              << error_series(http_get(home.service_url() + "/metrics").body);
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "p15-month: " << e.what() << "\n";
    return 1;
  }
}
