#include "service/store/mariadb_connect.h"

namespace p15 {

MYSQL* open_mariadb(const DatabaseConfig& config, std::string& error) {
  MYSQL* conn = mysql_init(nullptr);
  if (conn == nullptr) {
    error = "out of memory in mysql_init";
    return nullptr;
  }
  const unsigned connect_s = static_cast<unsigned>(config.connect_timeout_s);
  const unsigned query_s = static_cast<unsigned>(config.query_timeout_s);
  // An explicit protocol, so host "localhost" cannot silently mean the default socket.
  const unsigned protocol = config.socket.empty() ? MYSQL_PROTOCOL_TCP : MYSQL_PROTOCOL_SOCKET;
  mysql_optionsv(conn, MYSQL_OPT_CONNECT_TIMEOUT, &connect_s);
  mysql_optionsv(conn, MYSQL_OPT_READ_TIMEOUT, &query_s);
  mysql_optionsv(conn, MYSQL_OPT_WRITE_TIMEOUT, &query_s);
  mysql_optionsv(conn, MYSQL_OPT_PROTOCOL, &protocol);
  mysql_optionsv(conn, MYSQL_SET_CHARSET_NAME, "utf8mb4");
  // Connector/C takes the socket only with host "localhost" (or none); config.host is then unused.
  const char* socket = config.socket.empty() ? nullptr : config.socket.c_str();
  const char* host = socket != nullptr ? "localhost" : config.host.c_str();
  if (mysql_real_connect(conn, host, config.user.c_str(), config.password.c_str(),
                         config.name.c_str(), static_cast<unsigned>(config.port), socket,
                         0) == nullptr) {
    error = std::string("connect failed: ") + mysql_error(conn);
    mysql_close(conn);
    return nullptr;
  }
  if (mysql_query(conn, "SET time_zone = '+00:00'") != 0) {
    error = std::string("setting the session time zone: ") + mysql_error(conn);
    mysql_close(conn);
    return nullptr;
  }
  return conn;
}

}  // namespace p15
