// p15-collector: reads the Powerwall, the Wall Connector and the car, and writes the rows the
// service reads, within Tesla's monthly credit. Serves until SIGINT/SIGTERM.
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <csignal>
#include <iostream>
#include <thread>

#include "collector/collector_app.h"
#include "service/config/config.h"

namespace {

std::atomic<bool> g_stop{false};  // the one global: a signal handler can reach nothing else
extern "C" void on_signal(int) { g_stop.store(true); }

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"p15-collector: the home's rows for p15-service"};
  std::string config_path = "config/config.yml";
  int port = 0;
  std::string step_mode = "real-time";
  cli.add_option("--config", config_path, "the YAML config (collector.* keys)");
  cli.add_option("--port", port, "overrides collector.port")->check(CLI::Range(1, 65535));
  cli.add_option("--step-mode", step_mode, "real-time, or external: rounds only on POST /collect")
      ->check(CLI::IsMember({"real-time", "external"}));
  CLI11_PARSE(cli, argc, argv);

  auto config = p15::load_config(config_path);
  if (!config) {
    std::cerr << "p15-collector: " << config.error().message << "\n";
    return 2;
  }
  if (port != 0) config.value().collector.port = port;
  auto logger = spdlog::stdout_logger_mt("p15-collector");
  spdlog::set_default_logger(logger);
  spdlog::set_pattern("ts=%Y-%m-%dT%H:%M:%S.%eZ level=%l %v", spdlog::pattern_time_type::utc);
  spdlog::set_level(spdlog::level::from_str(config->service.log_level));
  spdlog::flush_on(spdlog::level::info);

  auto app = p15::collector::CollectorApp::create(
      *config, p15::collector::CollectorRunOptions{step_mode == "external"});
  if (!app) {
    std::cerr << "p15-collector: " << app.error().message << "\n";
    return 2;
  }
  if (auto st = app.value()->start(); !st) {
    std::cerr << "p15-collector: " << st.error().message << "\n";
    return 2;
  }
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  while (!g_stop.load()) std::this_thread::sleep_for(std::chrono::milliseconds(200));
  spdlog::info("collector: stopping");
  app.value()->stop();
  return 0;
}
