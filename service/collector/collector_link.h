#pragma once
// The service's one request to p15-collector: after a command reached the car, ask for a fresh
// read of its charge state (POST <collector.url>/refresh), so the next decision sees what the
// command did without the collector polling a car that should be left to sleep.
#include <chrono>
#include <memory>
#include <string>

namespace p15 {

class CollectorLink {
 public:
  // `token`: service.api_token, which the collector's POST routes require when it is set.
  CollectorLink(std::string url, std::string token, std::chrono::milliseconds timeout);
  ~CollectorLink();
  // Sent without waiting for the answer: a collector that is down costs the cycle nothing, and
  // the next read on its own schedule still comes. A failure is logged once until it recovers.
  void request_refresh();

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace p15
