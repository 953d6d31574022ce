#!/usr/bin/env bash
# Usage: scripts/with-mariadb.sh CMD [ARGS...]
#
# Runs CMD beside a private, throw-away MariaDB: a fresh data directory under mktemp -d, a free
# TCP port on 127.0.0.1 and a socket in that directory. CMD sees
#   P15_TEST_DB_HOST=127.0.0.1 P15_TEST_DB_PORT=<port> P15_TEST_DB_SOCKET=<dir>/mysql.sock
#   P15_TEST_DB_USER=root P15_TEST_DB_PASSWORD=
# The server is shut down and the directory removed on any exit; the script exits with CMD's code.
# Works as root (CI): the server runs with --user=root. Nothing outside the temp dir is touched.
set -euo pipefail

if [[ $# -eq 0 ]]; then
  echo "usage: $0 CMD [ARGS...]" >&2
  exit 2
fi

export PATH="/usr/sbin:/usr/local/sbin:$PATH"
for tool in mariadb-install-db mariadbd mariadb-admin mariadb; do
  if ! command -v "$tool" >/dev/null; then
    echo "with-mariadb: $tool not found (install mariadb-server and mariadb-client)" >&2
    exit 2
  fi
done

# shellcheck source=scripts/proc.sh
source "$(dirname "$0")/proc.sh"

readonly START_TIMEOUT_S=30
dir="$(mktemp -d "${TMPDIR:-/tmp}/p15-db.XXXXXX")"
readonly dir
readonly sock="$dir/mysql.sock"
server_pid=""

stop_server() {
  [[ -n "$server_pid" ]] || return 0
  if kill -0 "$server_pid" 2>/dev/null; then
    mariadb-admin --no-defaults --socket="$sock" --user=root shutdown >/dev/null 2>&1 ||
      kill "$server_pid" 2>/dev/null || true
  fi
  p15_wait_or_kill "$server_pid" 10
  server_pid=""
}

cleanup() {
  stop_server
  rm -rf "$dir"
}
child_pid=""
# Bash runs a trap only once the foreground command ends, so CMD runs in the background and is
# waited for: a signal then stops CMD at once and still cleans up.
on_signal() {
  if [[ -n "$child_pid" ]]; then
    kill -TERM "$child_pid" 2>/dev/null || true
    wait "$child_pid" 2>/dev/null || true
  fi
  exit "$1"
}
trap cleanup EXIT
trap 'on_signal 130' INT
trap 'on_signal 143' TERM

free_port() {
  if command -v python3 >/dev/null; then
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
    return
  fi
  local p
  for _ in $(seq 1 50); do
    p=$((20000 + RANDOM % 20000))
    if ! (echo >"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p"
      return
    fi
  done
  echo "with-mariadb: no free port found" >&2
  return 1
}

if ! mariadb-install-db --no-defaults --datadir="$dir" --user=root \
  --auth-root-authentication-method=normal >"$dir/install.log" 2>&1; then
  echo "with-mariadb: mariadb-install-db failed:" >&2
  cat "$dir/install.log" >&2
  exit 1
fi

# Starts the server on a fresh port and waits for it; returns 1 if it died or never answered
# (e.g. the port was taken between picking and binding it), so the caller can retry.
# The server's own zone is deliberately not UTC (California summer time): code that forgets the
# service's UTC rule (e.g. NOW() in SQL, or no SET time_zone) then fails tests instead of prod.
start_server() {
  port="$(free_port)"
  mariadbd --no-defaults --datadir="$dir" --socket="$sock" --port="$port" \
    --bind-address=127.0.0.1 --user=root --skip-name-resolve --pid-file="$dir/mariadbd.pid" \
    --log-error="$dir/error.log" --tmpdir="$dir" --innodb-buffer-pool-size=64M \
    --innodb-flush-log-at-trx-commit=2 --default-time-zone=-07:00 >/dev/null 2>&1 &
  server_pid=$!
  local deadline=$((SECONDS + START_TIMEOUT_S))
  while ((SECONDS < deadline)); do
    if ! kill -0 "$server_pid" 2>/dev/null; then
      wait "$server_pid" 2>/dev/null || true
      server_pid=""
      return 1
    fi
    if mariadb-admin --no-defaults --socket="$sock" --user=root ping >/dev/null 2>&1; then
      return 0
    fi
    sleep 0.2
  done
  stop_server
  return 1
}

started=0
for attempt in 1 2 3; do
  if start_server; then
    started=1
    break
  fi
  echo "with-mariadb: server start attempt $attempt failed" >&2
done
if ((started == 0)); then
  echo "with-mariadb: MariaDB did not answer within ${START_TIMEOUT_S}s; its log:" >&2
  tail -n 40 "$dir/error.log" >&2 2>/dev/null || true
  exit 1
fi

# --skip-name-resolve matches TCP clients by IP and root@localhost covers only the socket; make
# sure root@127.0.0.1 exists whatever this MariaDB version's install script created.
mariadb --no-defaults --socket="$sock" --user=root -e \
  "CREATE USER IF NOT EXISTS 'root'@'127.0.0.1'; GRANT ALL ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;"

export P15_TEST_DB_HOST=127.0.0.1
export P15_TEST_DB_PORT="$port"
export P15_TEST_DB_SOCKET="$sock"
export P15_TEST_DB_USER=root
export P15_TEST_DB_PASSWORD=

set +e
"$@" <&0 &  # the explicit <&0 keeps stdin, which a background command would lose
child_pid=$!
wait "$child_pid"
rc=$?
set -e
child_pid=""
exit "$rc"
