#pragma once
// p15-service's command line.
#include <optional>
#include <string>
#include <vector>

#include "service/core/result.h"

namespace p15 {

struct ServiceOptions {
  std::string config = "config/config.yml";
  std::optional<int> port;  // overrides service.port
  bool probe = false;       // ask the running service's /healthcheck instead of serving
  bool help = false;
};

// The arguments after the program's name. An error's message names the option
// ("--port: expected an integer 1..65535, got \"0\"") or the argument nobody expected.
Result<ServiceOptions> parse_service_options(const std::vector<std::string>& args);

// What --help prints.
std::string service_usage();

}  // namespace p15
