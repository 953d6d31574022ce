#pragma once
// Server-sent events (GET {application_root}/events): every open connection is a subscriber, and
// each cycle's state goes to all of them. Independent of cpprest (api/server.cpp plugs each
// connection's stream in), so the framing and the fan-out are tested without a socket.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>

namespace p15::api {

// One text/event-stream frame: "event: NAME\nid: ID\ndata: LINE\n...\n\n" (a data line per line
// of `data`, as the format requires).
std::string sse_frame(const std::string& event, const std::string& data, std::uint64_t id);

class EventHub {
 public:
  struct Subscriber {
    std::function<bool(const std::string& chunk)> write;  // false: the client is gone
    std::function<void()> close;                          // the service is stopping
  };

  // `keep_alive`: how often an idle connection gets a comment line, so a client that went away
  // is noticed (the write fails) and proxies keep the connection open. 0: never.
  explicit EventHub(std::chrono::milliseconds keep_alive = std::chrono::seconds(15));
  ~EventHub();
  EventHub(const EventHub&) = delete;
  EventHub& operator=(const EventHub&) = delete;

  std::uint64_t subscribe(Subscriber subscriber);
  void unsubscribe(std::uint64_t handle);
  // Sends one event to every subscriber; those whose write fails are dropped.
  void publish(const std::string& event, const std::string& data);
  // Closes every connection and refuses new ones (before the HTTP server closes).
  void close_all();
  std::size_t subscribers() const;
  std::uint64_t events_sent() const { return next_event_id_ - 1; }

 private:
  void send_to_all(const std::string& chunk);
  void keep_alive_loop();

  mutable std::mutex mu_;
  std::map<std::uint64_t, Subscriber> subscribers_;
  std::uint64_t next_handle_ = 1;
  std::atomic<std::uint64_t> next_event_id_{1};
  bool closed_ = false;
  std::chrono::milliseconds keep_alive_;
  std::condition_variable wake_;
  std::thread keeper_;
};

}  // namespace p15::api
