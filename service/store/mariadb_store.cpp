#include "service/store/mariadb_store.h"

#include <stdexcept>

#include "service/config/time_zones.h"

namespace p15 {
namespace {

Clock& system_clock() {
  static SystemClock clock;
  return clock;
}

// load_config has validated the name; a config built by hand with a bad one is a programming
// error.
std::optional<LocalZone> row_zone(const DatabaseConfig& config) {
  auto zone = row_time_zone(config.row_time_zone);
  if (!zone) throw std::invalid_argument("database.row_time_zone: " + zone.error().message);
  return *zone;
}

}  // namespace

MariaDbStore::MariaDbStore(DatabaseConfig config)
    : MariaDbStore(std::move(config), system_clock()) {}

MariaDbStore::MariaDbStore(DatabaseConfig config, Clock& clock, ConnectObserver observer,
                           PowerwallFallbacks powerwall)
    : connection_(config, clock, std::move(observer)),
      collector_(connection_, powerwall, row_zone(config), clock),
      history_(connection_, powerwall, row_zone(config), clock),
      decisions_(connection_),
      ledger_(connection_),
      sessions_(connection_),
      charge_modes_(connection_) {}

}  // namespace p15
