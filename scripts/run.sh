#!/usr/bin/env bash
# The README's run command: installs what is needed, builds, starts a private MariaDB in .run/,
# applies the schema, starts the simulated home and car (p15-sim) and the service wired to them,
# and starts polling. Ctrl-C stops all of it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
export PATH="/usr/sbin:/usr/local/sbin:$PATH"
run_dir="$root/.run"
db_dir="$run_dir/db"
sock="$run_dir/mysql.sock"
db_port=${P15_RUN_DB_PORT:-3307}
port=${P15_RUN_PORT:-5000}
fleet_port=${P15_RUN_FLEET_PORT:-4443}
sim_port=${P15_RUN_SIM_PORT:-8090}
speed=${P15_RUN_SPEED:-60}

"$root/scripts/install-deps.sh"
P15_BUILD_TYPE=Release P15_TARGETS="p15-service p15-sim" "$root/scripts/build.sh"
build=${P15_BUILD_DIR:-$root/build}
mkdir -p "$run_dir"
pids=()
db_pid=""

cleanup() {
  trap - INT TERM EXIT
  echo "run.sh: stopping"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ -n "$db_pid" ]; then
    mariadb-admin --no-defaults --socket="$sock" --user=root shutdown 2>/dev/null || kill "$db_pid"
    wait "$db_pid" 2>/dev/null || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

secret() {  # a random secret kept in a file only the owner reads
  [ -s "$1" ] || (umask 077 && head -c 24 /dev/urandom | base64 | tr -d '/+=' >"$1")
}

start_db() {
  if [ ! -d "$db_dir/mysql" ]; then
    mariadb-install-db --no-defaults --datadir="$db_dir" --user=root \
      --auth-root-authentication-method=normal >"$run_dir/db-install.log" 2>&1
  fi
  mariadbd --no-defaults --datadir="$db_dir" --socket="$sock" --port="$db_port" \
    --bind-address=127.0.0.1 --user=root >"$run_dir/db.log" 2>&1 &
  db_pid=$!
  for _ in $(seq 1 100); do
    mariadb-admin --no-defaults --socket="$sock" --user=root ping >/dev/null 2>&1 && return 0
    kill -0 "$db_pid" 2>/dev/null || { cat "$run_dir/db.log"; exit 1; }
    sleep 0.2
  done
  echo "run.sh: MariaDB did not start; see $run_dir/db.log" >&2
  exit 1
}

setup_db() {
  secret "$run_dir/db-password"
  local pw
  pw=$(cat "$run_dir/db-password")
  mariadb --no-defaults --socket="$sock" --user=root <<SQL
CREATE DATABASE IF NOT EXISTS project_15th_street;
CREATE USER IF NOT EXISTS 'p15'@'127.0.0.1' IDENTIFIED BY '$pw';
CREATE USER IF NOT EXISTS 'p15'@'localhost' IDENTIFIED BY '$pw';
GRANT ALL ON project_15th_street.* TO 'p15'@'127.0.0.1';
GRANT ALL ON project_15th_street.* TO 'p15'@'localhost';
SQL
  mariadb --no-defaults --socket="$sock" --user=root project_15th_street <"$root/config/schema.sql"
}

start_db
setup_db
rm -f "$run_dir/access-token" "$run_dir/refresh-token"

# A sunny June morning in the OPSD home, the car plugged in at 15 %. The simulator plays Tesla as
# the service meets it: tesla-http-proxy on HTTPS with its own CA ($run_dir/tls/ca.pem), and an
# OAuth server whose access tokens expire after 8 simulated hours and whose refresh tokens rotate.
P15_SIM_DB_PASSWORD=$(cat "$run_dir/db-password") "$build/p15-sim" \
  --db-host 127.0.0.1 --db-port "$db_port" --db-user p15 --db-name project_15th_street \
  --fleet-port "$fleet_port" --tls-dir "$run_dir/tls" --issue-tokens "$run_dir" \
  --http-port "$sim_port" \
  --speed "$speed" --dataset opsd --start 2016-06-15T08:00 --plug always --car-soc 15 \
  "$@" > >(sed -u 's/^/[sim]     /') 2>&1 &
pids+=($!)
for _ in $(seq 1 50); do
  [ -s "$run_dir/refresh-token" ] && [ -s "$run_dir/tls/ca.pem" ] && break
  sleep 0.2
done

cd "$root"
P15_DATABASE_PORT="$db_port" P15_SERVICE_PORT="$port" \
  P15_VEHICLE_FLEET_BASE_URL="https://127.0.0.1:$fleet_port" \
  P15_VEHICLE_FLEET_CA_FILE="$run_dir/tls/ca.pem" \
  P15_VEHICLE_FLEET_AUTH_URL="https://127.0.0.1:$fleet_port/oauth2/v3/token" \
  P15_VEHICLE_FLEET_CLIENT_ID=p15-sim \
  P15_VEHICLE_FLEET_REFRESH_TOKEN_FILE="$run_dir/refresh-token" \
  P15_CLOCK_SIMULATOR_URL="http://127.0.0.1:$sim_port" \
  P15_DATABASE_PASSWORD_FILE="$run_dir/db-password" \
  P15_VEHICLE_FLEET_TOKEN_FILE="$run_dir/access-token" \
  "$build/p15-service" --config config/local.yml > >(sed -u 's/^/[service] /') 2>&1 &
pids+=($!)

base="http://127.0.0.1:$port"
for _ in $(seq 1 50); do
  curl -fs "$base/project_15th_street/" >/dev/null 2>&1 && break
  sleep 0.2
done
sleep 2  # let the simulator write its first rows
# start-poll needs the token when one is set; it goes through a file descriptor, not argv.
if [ -n "${P15_SERVICE_API_TOKEN:-}" ]; then
  curl -fsS -H @<(printf 'Authorization: Bearer %s\n' "$P15_SERVICE_API_TOKEN") \
    "$base/project_15th_street/start-poll" >/dev/null
else
  curl -fsS "$base/project_15th_street/start-poll" >/dev/null
fi
cat <<MSG
run.sh: running. Service $base/project_15th_street/  (Swagger UI: $base/project_15th_street/ui/)
        health $base/healthcheck, metrics $base/metrics, simulator http://127.0.0.1:$sim_port/status
        Ctrl-C stops everything.
MSG
wait -n "${pids[@]}"
