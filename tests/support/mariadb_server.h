#pragma once
// A MariaDB server of the test's own, for faults that need the database itself to be absent,
// killed or restarted under a running service (scripts/with-mariadb.sh's server is shared by
// every test and must stay up).
//
// A bare mariadbd on an empty data directory with --skip-grant-tables: no mariadb-install-db
// (which takes ~10 s), any user and password are let in, which is all these tests need. Like
// with-mariadb.sh's server its own time zone is not UTC, so a UTC mistake shows.
#include <memory>
#include <string>

#include "tests/support/subprocess.h"
#include "tests/support/test_db.h"

namespace p15::test {

class MariaDbServer {
 public:
  // Picks a free loopback port; starts nothing yet.
  MariaDbServer();
  ~MariaDbServer();
  MariaDbServer(const MariaDbServer&) = delete;
  MariaDbServer& operator=(const MariaDbServer&) = delete;

  int port() const { return port_; }
  // root over TCP on 127.0.0.1:port(), for TestDatabase and the service's config.
  TestServer server() const;

  // Starts mariadbd (again, on the same port and data directory) and waits until it answers
  // a login; throws with the tail of its error log when it does not within 30 s.
  void start();
  // SIGKILL: the server dies as in a crash or an OOM kill, its connections cut without a word.
  void kill();
  bool running();

 private:
  TempDir dir_{"p15-mariadb"};
  int port_ = 0;
  std::unique_ptr<BackgroundProcess> process_;
};

}  // namespace p15::test
