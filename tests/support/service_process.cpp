#include "tests/support/service_process.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <sstream>
#include <stdexcept>
#include <thread>

#ifndef P15_SERVICE_BIN
#error "P15_SERVICE_BIN must name the p15-service binary"
#endif

namespace p15::test {

int free_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

std::string utc_sql_time(long long offset_s) {
  std::time_t t = std::time(nullptr) + offset_s;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  return buf;
}

std::string legacy_unless_set(const std::string& extra) {
  const bool picked = extra.find("policy:") != std::string::npos;
  return (picked ? "" : "policy:\n  name: legacy\n") + extra;
}

std::string config_yaml(const DatabaseConfig& db, int port, const std::string& extra) {
  std::ostringstream y;
  y << "service:\n  log_level: debug\n";
  if (port > 0) y << "  port: " << port << "\n";
  y << "database:\n  host: \"" << db.host << "\"\n  port: " << db.port << "\n  user: \"" << db.user
    << "\"\n  name: \"" << db.name << "\"\n  connect_timeout_s: 2\n";
  if (!db.socket.empty()) y << "  socket: \"" << db.socket << "\"\n";
  y << extra;
  return y.str();
}

namespace {

bool port_answers(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  close(fd);
  return ok;
}

}  // namespace

ServiceProcess::ServiceProcess(const std::string& yaml,
                               const std::map<std::string, std::string>& env)
    : ServiceProcess(P15_SERVICE_BIN, yaml, env, {}) {}

ServiceProcess::ServiceProcess(const std::string& binary, const std::string& yaml,
                               const std::map<std::string, std::string>& env,
                               const std::vector<std::string>& args)
    : port_(free_port()) {
  std::string config = dir_.write("config.yml", yaml);
  std::vector<std::string> argv{binary, "--config", config, "--port", std::to_string(port_)};
  argv.insert(argv.end(), args.begin(), args.end());
  const std::string name = binary.substr(binary.rfind('/') + 1);
  process_ = std::make_unique<BackgroundProcess>(argv, dir_.path() + "/" + name + ".log", env);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!port_answers(port_)) {
    if (!process_->running()) {
      throw std::runtime_error(name + " exited at start-up:\n" + log());
    }
    if (std::chrono::steady_clock::now() > deadline) {
      throw std::runtime_error(name + " did not listen within 10 s:\n" + log());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

// Stop before the temp dir (a member declared earlier) is removed.
ServiceProcess::~ServiceProcess() { stop(); }

std::string ServiceProcess::log() const { return process_->log(); }

int ServiceProcess::stop() { return process_->stop(); }

int ServiceProcess::pid() const { return process_->pid(); }

int run_service_once(const std::vector<std::string>& args,
                     const std::map<std::string, std::string>& env, std::string& output) {
  std::vector<std::string> argv{P15_SERVICE_BIN};
  argv.insert(argv.end(), args.begin(), args.end());
  RunResult r = run_tool(argv, "", 30, env);
  output = r.output;
  return r.exit_code;
}

}  // namespace p15::test
