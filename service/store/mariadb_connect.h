#pragma once
// Opening a MariaDB session the way every part of the project needs it: bounded timeouts, an
// explicit protocol, utf8mb4, and the session time zone at UTC (the shared tables' DATETIME
// columns are UTC: UNIX_TIMESTAMP and FROM_UNIXTIME then need no conversion).
#include <mysql.h>

#include <string>

#include "service/config/config.h"

namespace p15 {

// Returns an open connection, or nullptr with `error` set to MariaDB's message (never the
// password). The caller owns the handle (mysql_close).
MYSQL* open_mariadb(const DatabaseConfig& config, std::string& error);

}  // namespace p15
