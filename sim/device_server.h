#pragma once
// One of the home's local devices (sim/home_devices.h) served over HTTP, or HTTPS with the
// simulator's certificate as the Powerwall gateway does with its own self-signed one. No rules
// here: every answer comes from the handler.
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "sim/home_devices.h"
#include "sim/tls_cert.h"

namespace p15::sim {

class DeviceServer {
 public:
  using Handler = std::function<DeviceAnswer(const DeviceRequest&)>;
  // port 0 picks a free port; called on the listener's threads.
  DeviceServer(int port, std::optional<TlsFiles> tls, Handler handler);
  ~DeviceServer();
  DeviceServer(const DeviceServer&) = delete;
  DeviceServer& operator=(const DeviceServer&) = delete;
  std::string base_url() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace p15::sim
