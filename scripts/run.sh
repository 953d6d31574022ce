#!/usr/bin/env bash
# The README's run command: installs what is needed, builds, starts a private MariaDB in .run/,
# applies the schema, and starts the production topology on a simulated home: p15-sim plays what
# cannot run here (Tesla's cloud and tesla-http-proxy, the Powerwall gateway, the Wall Connector,
# the house and the car), p15-collector reads them and writes the rows, p15-service decides and
# commands the car. Then it starts polling. Ctrl-C stops all of it.
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
gateway_port=${P15_RUN_GATEWAY_PORT:-7443}
wall_connector_port=${P15_RUN_WALL_CONNECTOR_PORT:-7080}
collector_port=${P15_RUN_COLLECTOR_PORT:-5010}
speed=${P15_RUN_SPEED:-60}

"$root/scripts/install-deps.sh"
P15_BUILD_TYPE=Release P15_TARGETS="p15-service p15-sim p15-collector" "$root/scripts/build.sh"
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

# A sunny late June morning in the OPSD home, the Powerwall nearly full and the car just plugged
# in at 30 % (plugging in wakes it): within seconds the collector has read it and the service
# starts charging from the surplus. The simulator plays Tesla as the programs meet it:
# tesla-http-proxy on HTTPS with its own CA ($run_dir/tls/ca.pem), an OAuth server whose access
# tokens expire after 8 simulated hours and whose refresh tokens rotate, the Powerwall gateway
# (HTTPS, the customer login with a generated password) and the Wall Connector's vitals. It
# writes no rows: p15-collector does.
secret "$run_dir/gateway-password"
P15_SIM_GATEWAY_PASSWORD=$(cat "$run_dir/gateway-password") "$build/p15-sim" \
  --fleet-port "$fleet_port" --tls-dir "$run_dir/tls" --issue-tokens "$run_dir" \
  --http-port "$sim_port" --gateway-port "$gateway_port" \
  --wall-connector-port "$wall_connector_port" \
  --speed "$speed" --dataset opsd --start 2016-06-15T10:30 --plug always --car-soc 30 \
  --powerwall-soc 92 \
  "$@" > >(sed -u 's/^/[sim]       /') 2>&1 &
pids+=($!)
for _ in $(seq 1 50); do
  [ -s "$run_dir/refresh-token" ] && [ -s "$run_dir/tls/ca.pem" ] && break
  sleep 0.2
done

# Both programs use the one Tesla account: whichever first meets an expired access token
# refreshes it under the lock on the refresh-token file and writes the new one to access-token,
# which the other re-reads (service/vehicle/fleet_token.h).
tesla_env=(
  P15_DATABASE_PORT="$db_port"
  P15_DATABASE_PASSWORD_FILE="$run_dir/db-password"
  P15_VEHICLE_FLEET_BASE_URL="https://127.0.0.1:$fleet_port"
  P15_VEHICLE_FLEET_CA_FILE="$run_dir/tls/ca.pem"
  P15_VEHICLE_FLEET_AUTH_URL="https://127.0.0.1:$fleet_port/oauth2/v3/token"
  P15_VEHICLE_FLEET_CLIENT_ID=p15-sim
  P15_VEHICLE_FLEET_REFRESH_TOKEN_FILE="$run_dir/refresh-token"
  P15_VEHICLE_FLEET_TOKEN_FILE="$run_dir/access-token"
  P15_CLOCK_SIMULATOR_URL="http://127.0.0.1:$sim_port"
  P15_COLLECTOR_URL="http://127.0.0.1:$collector_port"
)
cd "$root"
env "${tesla_env[@]}" P15_COLLECTOR_PORT="$collector_port" \
  P15_COLLECTOR_GATEWAY_URL="https://127.0.0.1:$gateway_port" \
  P15_COLLECTOR_GATEWAY_PASSWORD_FILE="$run_dir/gateway-password" \
  P15_COLLECTOR_GATEWAY_CA_FILE="$run_dir/tls/ca.pem" \
  P15_COLLECTOR_WALL_CONNECTOR_URL="http://127.0.0.1:$wall_connector_port" \
  "$build/p15-collector" --config config/local.yml > >(sed -u 's/^/[collector] /') 2>&1 &
pids+=($!)
env "${tesla_env[@]}" P15_SERVICE_PORT="$port" \
  "$build/p15-service" --config config/local.yml > >(sed -u 's/^/[service]   /') 2>&1 &
pids+=($!)

base="http://127.0.0.1:$port"
for _ in $(seq 1 50); do
  curl -fs "$base/project_15th_street/" >/dev/null 2>&1 && break
  sleep 0.2
done
sleep 2  # let the collector write its first rows
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
        collector http://127.0.0.1:$collector_port/healthcheck (and /metrics)
        Ctrl-C stops everything.
MSG
wait -n "${pids[@]}"
