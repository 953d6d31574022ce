#include "api/event_hub.h"

#include <vector>

namespace p15::api {

std::string sse_frame(const std::string& event, const std::string& data, std::uint64_t id) {
  std::string out = "event: " + event + "\nid: " + std::to_string(id) + "\n";
  std::size_t start = 0;
  while (true) {
    const std::size_t end = data.find('\n', start);
    out += "data: " + data.substr(start, end == std::string::npos ? end : end - start) + "\n";
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return out + "\n";
}

EventHub::EventHub(std::chrono::milliseconds keep_alive) : keep_alive_(keep_alive) {
  if (keep_alive_.count() > 0) keeper_ = std::thread([this] { keep_alive_loop(); });
}

EventHub::~EventHub() {
  close_all();
  if (keeper_.joinable()) keeper_.join();
}

std::uint64_t EventHub::subscribe(Subscriber subscriber) {
  std::unique_lock lock(mu_);
  if (closed_) {
    lock.unlock();
    if (subscriber.close) subscriber.close();
    return 0;
  }
  const std::uint64_t handle = next_handle_++;
  subscribers_.emplace(handle, std::move(subscriber));
  return handle;
}

void EventHub::unsubscribe(std::uint64_t handle) {
  std::lock_guard lock(mu_);
  subscribers_.erase(handle);
}

// Writes outside the lock would let a slow client block nobody, but the writes here only append
// to an in-memory buffer the server drains; holding the lock keeps a subscriber from being closed
// while it is written to.
void EventHub::send_to_all(const std::string& chunk) {
  std::lock_guard lock(mu_);
  std::vector<std::uint64_t> gone;
  for (auto& [handle, sub] : subscribers_) {
    if (!sub.write(chunk)) gone.push_back(handle);
  }
  for (auto handle : gone) {
    auto it = subscribers_.find(handle);
    if (it->second.close) it->second.close();
    subscribers_.erase(it);
  }
}

void EventHub::publish(const std::string& event, const std::string& data) {
  send_to_all(sse_frame(event, data, next_event_id_++));
}

void EventHub::close_all() {
  std::map<std::uint64_t, Subscriber> closing;
  {
    std::lock_guard lock(mu_);
    if (closed_) return;
    closed_ = true;
    closing.swap(subscribers_);
  }
  wake_.notify_all();
  for (auto& [handle, sub] : closing) {
    if (sub.close) sub.close();
  }
}

std::size_t EventHub::subscribers() const {
  std::lock_guard lock(mu_);
  return subscribers_.size();
}

void EventHub::keep_alive_loop() {
  std::unique_lock lock(mu_);
  while (!closed_) {
    wake_.wait_for(lock, keep_alive_);
    if (closed_) break;
    lock.unlock();
    send_to_all(": keep-alive\n\n");
    lock.lock();
  }
}

}  // namespace p15::api
