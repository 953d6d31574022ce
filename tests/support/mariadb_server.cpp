#include "tests/support/mariadb_server.h"

#include <mysql.h>
#include <unistd.h>

#include <chrono>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "tests/support/service_process.h"

namespace p15::test {
namespace {

// Debian puts mariadbd in /usr/sbin, which a non-root PATH may lack.
std::string mariadbd_path() {
  if (access("/usr/sbin/mariadbd", X_OK) == 0) return "/usr/sbin/mariadbd";
  return require_tool("mariadbd", "apt-get install mariadb-server");
}

bool answers(const TestServer& s) {
  static std::once_flag once;
  std::call_once(once, [] { mysql_library_init(0, nullptr, nullptr); });
  MYSQL* conn = mysql_init(nullptr);
  const unsigned timeout_s = 1;
  const unsigned tcp = MYSQL_PROTOCOL_TCP;
  mysql_optionsv(conn, MYSQL_OPT_CONNECT_TIMEOUT, &timeout_s);
  mysql_optionsv(conn, MYSQL_OPT_PROTOCOL, &tcp);
  bool ok = mysql_real_connect(conn, s.host.c_str(), s.user.c_str(), s.password.c_str(), nullptr,
                               static_cast<unsigned>(s.port), nullptr, 0) != nullptr;
  mysql_close(conn);
  return ok;
}

}  // namespace

MariaDbServer::MariaDbServer() : port_(free_port()) {}

MariaDbServer::~MariaDbServer() {
  if (process_) process_->stop();
}

TestServer MariaDbServer::server() const {
  TestServer s;
  s.port = port_;
  return s;
}

void MariaDbServer::start() {
  if (process_ && process_->running()) return;
  const std::string& d = dir_.path();
  process_ = std::make_unique<BackgroundProcess>(
      std::vector<std::string>{mariadbd_path(), "--no-defaults", "--datadir=" + d,
                               "--socket=" + d + "/mysql.sock", "--port=" + std::to_string(port_),
                               "--bind-address=127.0.0.1", "--user=root", "--skip-grant-tables",
                               "--skip-name-resolve", "--pid-file=" + d + "/mariadbd.pid",
                               "--log-error=" + d + "/error.log", "--tmpdir=" + d,
                               "--innodb-buffer-pool-size=16M", "--innodb-log-file-size=4M",
                               "--innodb-flush-log-at-trx-commit=2", "--default-time-zone=-07:00"},
      d + "/stdout.log");
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (!answers(server())) {
    if (!process_->running() || std::chrono::steady_clock::now() > deadline) {
      std::string log = read_text_file(d + "/error.log");
      if (log.size() > 2000) log = log.substr(log.size() - 2000);
      process_->stop();
      throw std::runtime_error("mariadbd on port " + std::to_string(port_) +
                               " did not answer within 30 s:\n" + log);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

void MariaDbServer::kill() {
  if (process_) process_->kill_now();
}

bool MariaDbServer::running() { return process_ && process_->running(); }

}  // namespace p15::test
