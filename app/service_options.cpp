#include "app/service_options.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <charconv>

namespace p15 {

namespace {

// CLI11 names the option in front of the message: "--port: expected ...".
CLI::Validator port_number() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        int port = 0;
        const char* end = text.data() + text.size();
        auto [ptr, ec] = std::from_chars(text.data(), end, port);
        if (text.empty() || ec != std::errc() || ptr != end || port < 1 || port > 65535) {
          return "expected an integer 1..65535, got \"" + text + "\"";
        }
        return "";
      },
      "1..65535");
}

// The parser for `o`; `port` receives -p/--port's value.
std::unique_ptr<CLI::App> parser(ServiceOptions& o, int& port) {
  auto app = std::make_unique<CLI::App>(
      "Charges a Tesla from the home's surplus solar and spare Powerwall energy.", "p15-service");
  app->add_option("-c,--config", o.config,
                  "YAML configuration; P15_<SECTION>_<KEY> environment variables override any key")
      ->type_name("FILE")
      ->capture_default_str();
  app->add_option("-p,--port", port, "HTTP port (overrides service.port)")
      ->type_name("N")
      ->check(port_number());
  app->add_flag("--probe", o.probe,
                "ask the running service's /healthcheck (same config and environment) and exit 0 "
                "if it answers 200, 1 otherwise: the image's HEALTHCHECK");
  return app;
}

}  // namespace

Result<ServiceOptions> parse_service_options(const std::vector<std::string>& args) {
  ServiceOptions o;
  int port = 0;
  auto app = parser(o, port);
  std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 takes them backwards
  try {
    app->parse(reversed);
  } catch (const CLI::CallForHelp&) {
    o.help = true;
    return o;
  } catch (const CLI::ParseError& e) {
    return Error{e.what()};
  }
  if (app->count("--port") > 0) o.port = port;
  return o;
}

std::string service_usage() {
  ServiceOptions o;
  int port = 0;
  return parser(o, port)->help();
}

}  // namespace p15
