#include "tests/support/service_process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
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

std::string config_yaml(const DatabaseConfig& db, int port, const std::string& extra) {
  std::ostringstream y;
  y << "service:\n  log_level: debug\n";
  if (port > 0) y << "  port: " << port << "\n";
  y << "database:\n  host: \"" << db.host << "\"\n  port: " << db.port << "\n  user: \""
    << db.user << "\"\n  name: \"" << db.name << "\"\n  connect_timeout_s: 2\n";
  if (!db.socket.empty()) y << "  socket: \"" << db.socket << "\"\n";
  y << extra;
  return y.str();
}

namespace {

pid_t spawn(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
            const std::string& log_path) {
  pid_t pid = fork();
  if (pid != 0) return pid;
  int fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  dup2(fd, 1);
  dup2(fd, 2);
  for (const auto& [k, v] : env) setenv(k.c_str(), v.c_str(), 1);
  std::vector<char*> argv;
  std::string bin = P15_SERVICE_BIN;
  argv.push_back(bin.data());
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  execv(bin.c_str(), argv.data());
  _exit(127);
}

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

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string make_temp_dir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "p15-e2e-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  return tmpl;
}

}  // namespace

ServiceProcess::ServiceProcess(const std::string& yaml,
                               const std::map<std::string, std::string>& env)
    : port_(free_port()), dir_(make_temp_dir()) {
  std::ofstream(dir_ + "/config.yml") << yaml;
  pid_ = spawn({"--config", dir_ + "/config.yml", "--port", std::to_string(port_)}, env,
               dir_ + "/service.log");
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!port_answers(port_)) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("p15-service exited at start-up:\n" + log());
    }
    if (std::chrono::steady_clock::now() > deadline) {
      throw std::runtime_error("p15-service did not listen within 10 s:\n" + log());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

ServiceProcess::~ServiceProcess() {
  stop();
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

std::string ServiceProcess::log() const { return read_file(dir_ + "/service.log"); }

int ServiceProcess::stop() {
  if (pid_ < 0) return -1;
  kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int run_service_once(const std::vector<std::string>& args,
                     const std::map<std::string, std::string>& env, std::string& output) {
  std::string dir = make_temp_dir();
  pid_t pid = spawn(args, env, dir + "/out.log");
  int status = 0;
  waitpid(pid, &status, 0);
  output = read_file(dir + "/out.log");
  std::filesystem::remove_all(dir);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace p15::test
