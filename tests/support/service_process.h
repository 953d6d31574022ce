#pragma once
// Runs the real p15-service binary for end-to-end tests: a config file in a temp dir, a free
// loopback port, its log captured, SIGTERM on destruction.
#include <map>
#include <memory>
#include <string>

#include "service/config/config.h"
#include "tests/support/subprocess.h"

namespace p15::test {

// A loopback port the kernel just handed out and that was closed again: nothing listens on it.
int free_port();
// "YYYY-MM-DD HH:MM:SS" in UTC, `offset_s` seconds from now (negative = in the past).
std::string utc_sql_time(long long offset_s = 0);

class ServiceProcess {
 public:
  // `yaml` is the config file's body; `env` adds P15_* overrides. Waits until the HTTP port
  // answers (or throws with the log's tail when the process dies or does not answer in 10 s).
  ServiceProcess(const std::string& yaml, const std::map<std::string, std::string>& env = {});
  // Another of the project's programs that takes --config FILE --port N the same way
  // (p15-collector), with more arguments.
  ServiceProcess(const std::string& binary, const std::string& yaml,
                 const std::map<std::string, std::string>& env,
                 const std::vector<std::string>& args);
  ~ServiceProcess();
  ServiceProcess(const ServiceProcess&) = delete;
  ServiceProcess& operator=(const ServiceProcess&) = delete;

  int port() const { return port_; }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::string log() const;  // everything the service printed so far
  int stop();               // SIGTERM, wait, return the exit status
  int pid() const;          // to pause it (SIGSTOP) as a hung program would be

 private:
  int port_ = 0;
  TempDir dir_{"p15-e2e"};
  std::unique_ptr<BackgroundProcess> process_;
};

// Runs the binary to completion with the given arguments and env (for start-up failures);
// returns the exit code and fills `output` with stdout+stderr.
int run_service_once(const std::vector<std::string>& args,
                     const std::map<std::string, std::string>& env, std::string& output);

// The YAML of a config pointing at a test database (from DatabaseConfig) with extra sections.
std::string config_yaml(const DatabaseConfig& db, int port, const std::string& extra = "");

// `extra` behind "policy: legacy" unless it picks a policy itself: the default `smart` waits out
// its start delay and timers, which would hide the immediate decisions and commands a test checks.
std::string legacy_unless_set(const std::string& extra);

}  // namespace p15::test
