#pragma once
// The JSON of the rows the collector writes (battery_model.data, vehicle_model.data), in one
// place: p15-collector writes them and the simulator's --direct-rows mode builds its rows here
// too, so the shapes the service parses (service/store/powerwall_json.cpp, vehicle_json.cpp)
// have one author. Pure: the instants come in.
#include <optional>
#include <string>

#include "collector/readings.h"

namespace p15::collector {

// Today's live_status shape merged with site_info's settings (domain.md section 3), plus
// "age_s": how long before the row's write the flows were read (the service's
// PowerwallReading::reading_time). `written_at` is the row's own time (real UTC).
std::string battery_row_json(const PowerwallLive& live, const SiteInfo& site, TimePoint written_at);

struct VehicleRow {
  std::string vin;
  VehicleState state = VehicleState::Unknown;   // as Tesla last said (summary or vehicle_data)
  std::optional<ChargeStateRead> charge_state;  // the last one read, however old
  std::optional<WallConnectorRead> wall_connector;
};

// Fleet's vehicle_data shape ({state, vin, charge_state}) with "charge_state_age_s" (how old the
// charge state is at the write) and, with a Wall Connector, "wall_connector": its vitals and
// their "age_s". Without any charge state yet, the row has no charge_state: the service refuses
// such a row as missing the field, and never commands from it.
std::string vehicle_row_json(const VehicleRow& row, TimePoint written_at);

}  // namespace p15::collector
