# Sourced by the database benchmarks (run under scripts/with-mariadb.sh): a free port for the
# service, a log file, `sql` on the private server as root, and a fresh database $db with the
# schema applied. The caller sets db= first.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
log=$(mktemp)
sql() { mariadb --no-defaults --socket="$P15_TEST_DB_SOCKET" -uroot "$@"; }
sql -e "DROP DATABASE IF EXISTS $db; CREATE DATABASE $db"
sql "$db" < "$(dirname "${BASH_SOURCE[0]}")/../config/schema.sql"
