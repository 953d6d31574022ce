#pragma once
// p15-collector's composition root: the sources the config names, the MariaDB row writer, the
// Collector, its HTTP routes (GET /healthcheck, GET /metrics, POST /collect, POST /refresh) and
// the loop that runs a round whenever the home clock says one is due.
#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "service/config/config.h"
#include "service/core/result.h"

namespace p15::collector {

struct CollectorRunOptions {
  bool external_steps = false;  // --step-mode external: rounds only through POST /collect
};

class CollectorApp {
 public:
  static Result<std::unique_ptr<CollectorApp>> create(const Config& config,
                                                      CollectorRunOptions options);
  ~CollectorApp();
  Status start();  // opens the HTTP port, starts the loop (unless external)
  void stop();
  std::string url() const;

 private:
  struct Impl;
  explicit CollectorApp(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace p15::collector
