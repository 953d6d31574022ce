#!/bin/sh
# First start (empty /var/lib/mysql): install the system tables, set the root password, create
# the database and its user, run /docker-entrypoint-initdb.d/*.sql; then serve on port 3306.
# The first-start server listens on no port, so nobody connects before the user exists.
set -eu
datadir=/var/lib/mysql
init_sock=/run/mysqld/init.sock

sql_quote() {  # a value inside '...'
  printf '%s' "$1" | sed -e "s/\\\\/\\\\\\\\/g" -e "s/'/\\\\'/g"
}

first_start() {
  : "${MARIADB_ROOT_PASSWORD:?set MARIADB_ROOT_PASSWORD}"
  echo "p15-mariadb: first start: initialising $datadir"
  mariadb-install-db --user=mysql --datadir="$datadir" --auth-root-authentication-method=normal \
    --skip-test-db >/dev/null
  mariadbd --user=mysql --datadir="$datadir" --skip-networking --socket="$init_sock" &
  pid=$!
  i=0
  until mariadb-admin --socket="$init_sock" ping >/dev/null 2>&1; do
    i=$((i + 1))
    [ "$i" -lt 150 ] || { echo "p15-mariadb: the first-start server did not answer" >&2; exit 1; }
    sleep 0.2
  done
  {
    echo "ALTER USER 'root'@'localhost' IDENTIFIED BY '$(sql_quote "$MARIADB_ROOT_PASSWORD")';"
    if [ -n "${MARIADB_DATABASE:-}" ]; then
      echo "CREATE DATABASE IF NOT EXISTS \`$MARIADB_DATABASE\`;"
    fi
    if [ -n "${MARIADB_USER:-}" ]; then
      echo "CREATE USER '$(sql_quote "$MARIADB_USER")'@'%' IDENTIFIED BY '$(sql_quote "${MARIADB_PASSWORD:?set MARIADB_PASSWORD}")';"
      [ -z "${MARIADB_DATABASE:-}" ] ||
        echo "GRANT ALL ON \`$MARIADB_DATABASE\`.* TO '$(sql_quote "$MARIADB_USER")'@'%';"
    fi
  } | mariadb --socket="$init_sock" --user=root
  for f in /docker-entrypoint-initdb.d/*.sql; do
    [ -e "$f" ] || continue
    echo "p15-mariadb: running $f"
    mariadb --socket="$init_sock" --user=root --password="$MARIADB_ROOT_PASSWORD" \
      ${MARIADB_DATABASE:+"$MARIADB_DATABASE"} <"$f"
  done
  mariadb-admin --socket="$init_sock" --user=root --password="$MARIADB_ROOT_PASSWORD" shutdown
  wait "$pid"
  echo "p15-mariadb: first start done"
}

[ -d "$datadir/mysql" ] || first_start
exec mariadbd --user=mysql --datadir="$datadir" --bind-address=0.0.0.0 --port=3306 \
  --socket=/run/mysqld/mysqld.sock
