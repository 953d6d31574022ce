#pragma once
// The Tesla Wall Connector Gen 3's local GET /api/1/vitals: plain HTTP on the home network,
// read-only, no login (the fields evcc's twc3 charger and TeslaSolarCharger read:
// vehicle_connected, contactor_closed, vehicle_current_a, grid_v, session_s).
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "collector/sources.h"

namespace p15::collector {

// The vitals from the JSON body; an Error names the missing or mistyped field.
Result<WallConnectorRead> parse_vitals(const std::string& body, TimePoint read_at);

class WallConnectorClient final : public WallConnectorSource {
 public:
  WallConnectorClient(std::string url, std::chrono::milliseconds timeout,
                      std::function<TimePoint()> real_now);
  ~WallConnectorClient() override;
  Result<WallConnectorRead> vitals() override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace p15::collector
