#include "service/store/mariadb_store.h"

namespace p15 {
namespace {

Clock& system_clock() {
  static SystemClock clock;
  return clock;
}

}  // namespace

MariaDbStore::MariaDbStore(DatabaseConfig config)
    : MariaDbStore(std::move(config), system_clock()) {}

MariaDbStore::MariaDbStore(DatabaseConfig config, Clock& clock, ConnectObserver observer,
                           PowerwallFallbacks powerwall)
    : connection_(std::move(config), clock, std::move(observer)),
      collector_(connection_, powerwall),
      decisions_(connection_),
      ledger_(connection_),
      charge_modes_(connection_) {}

}  // namespace p15
