// p15-service: reads the config, wires the adapters, serves HTTP until SIGINT/SIGTERM.
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define P15_LEAK_CHECK_AT_EXIT 1
#endif
#elif defined(__SANITIZE_ADDRESS__)
#define P15_LEAK_CHECK_AT_EXIT 1
#endif
#ifdef P15_LEAK_CHECK_AT_EXIT
#include <sanitizer/lsan_interface.h>
#endif

#include <cpprest/http_client.h>

#include "app/app.h"
#include "app/service_options.h"
#include "service/config/config.h"

namespace {

void setup_logging(const std::string& level) {
  auto logger = spdlog::stdout_logger_mt("p15");
  spdlog::set_default_logger(logger);
  // logfmt-like lines in UTC: the message itself carries key=value pairs.
  spdlog::set_pattern("ts=%Y-%m-%dT%H:%M:%S.%eZ level=%l %v", spdlog::pattern_time_type::utc);
  spdlog::set_level(spdlog::level::from_str(level));
  spdlog::flush_on(spdlog::level::info);
}

// The HEALTHCHECK's probe reads the port and address from the same config and environment as the
// service, so it follows P15_SERVICE_PORT or a mounted file instead of a port fixed in the image.
int probe(const p15::Config& c) {
  const std::string& bind = c.service.bind_address;
  std::string host = (bind == "0.0.0.0" || bind == "::" || bind.empty()) ? "127.0.0.1" : bind;
  std::string url = "http://" + host + ":" + std::to_string(c.service.port) + "/healthcheck";
  try {
    web::http::client::http_client_config cfg;
    cfg.set_timeout(std::chrono::seconds(4));
    web::http::client::http_client client(url, cfg);
    auto answer = client.request(web::http::methods::GET).get();
    if (answer.status_code() == web::http::status_codes::OK) return 0;
    std::cerr << "p15-service --probe: " << url << " answered " << answer.status_code() << ": "
              << answer.extract_string().get() << "\n";
  } catch (const std::exception& e) {
    std::cerr << "p15-service --probe: " << url << ": " << e.what() << "\n";
  }
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  auto started = std::chrono::steady_clock::now();
  auto args = p15::parse_service_options(std::vector<std::string>(argv + 1, argv + argc));
  if (!args.ok()) {
    std::cerr << "p15-service: " << args.error().message << " (see p15-service --help)\n";
    return 2;
  }
  if (args->help) {
    std::cout << p15::service_usage();
    return 0;
  }
  auto config = p15::load_config(args->config);
  if (!config.ok()) {
    std::cerr << "p15-service: " << config.error().message << "\n";
    return 2;
  }
  p15::Config c = config.value();
  if (args->port) c.service.port = *args->port;
  if (args->probe) return probe(c);
  setup_logging(c.service.log_level);
  spdlog::info("starting version={} config={}", P15_VERSION, c.source);
  spdlog::debug("config:\n{}", p15::describe(c));

  // Block the stop signals before any thread starts so that only sigwait below sees them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  auto app = p15::App::create(c);
  if (!app.ok()) {
    spdlog::critical("start-up failed: {}", app.error().message);
    return 2;
  }
  try {
    (*app)->start();
  } catch (const std::exception& e) {
    spdlog::critical("start-up failed: {}", e.what());
    return 1;
  }
  auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started);
  spdlog::info("ready url={} startup_ms={:.1f}", (*app)->url(), ms.count());
  int sig = 0;
  sigwait(&stop_signals, &sig);
  spdlog::info("stopping signal={}", sig);
  (*app)->stop_polling();
  spdlog::info("stopped: poll loop joined");  // an HTTP call still running is cut off
  spdlog::default_logger()->flush();          // not shutdown(): HTTP threads may still be logging
  // Closing cpprestsdk 2.10's listener while clients still hold connections can crash a worker
  // thread in asio's epoll_reactor::start_op (seen under ThreadSanitizer with the concurrency
  // test's keep-alive clients; microsoft/cpprestsdk#1547 reports the same frame). Nothing is left
  // to save once the loop is joined, so leave without closing it.
#ifdef P15_LEAK_CHECK_AT_EXIT
  __lsan_do_leak_check();
#endif
  std::_Exit(0);
}
